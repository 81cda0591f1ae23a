import { randomBytes } from "node:crypto";
import type { CloudFrontClient } from "@aws-sdk/client-cloudfront";

/** What the fake holds; handed to onStateChange after every change. */
export interface FakeCloudFrontState {
  publicKeys: Map<string, { callerReference: string; name: string; encodedKey: string; comment: string; etag: string }>;
  keyGroups: Map<string, { name: string; items: string[]; comment?: string; etag: string }>;
  invalidations: Map<string, { callerReference: string; paths: string[]; pollsLeft: number }>;
}

function awsError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const etag = () => `E${randomBytes(6).toString("hex").toUpperCase()}`;
const newId = (prefix: string) => `${prefix}${randomBytes(7).toString("hex").toUpperCase()}`.slice(0, 14);

/**
 * A stateful, in-memory CloudFront for the calls a rotation makes, with CloudFront's rules:
 * ETags and IfMatch (PreconditionFailed when stale), PublicKeyInUse, CallerReference idempotency,
 * 5 keys per group, 10 public keys per account, invalidations that complete after a few polls.
 * Pass it where a CloudFrontClient goes: `fake.client`.
 */
export class FakeCloudFront {
  readonly state: FakeCloudFrontState = { publicKeys: new Map(), keyGroups: new Map(), invalidations: new Map() };
  readonly calls: { command: string; input: Record<string, unknown> }[] = [];
  /** Called after every change with the new state (the tests check invariants here). */
  onStateChange?: (state: FakeCloudFrontState) => void | Promise<void>;
  /** Polls of GetInvalidation that answer InProgress before Completed. */
  invalidationPolls = 2;
  private failures: { command: string; error: Error }[] = [];
  /** Called before each command; may mutate state (e.g. a concurrent writer). */
  beforeCommand?: (command: string) => void;

  readonly client = { send: (command: { input: Record<string, unknown> }) => this.send(command) } as unknown as CloudFrontClient;

  /** The next call of `command` fails with `error` (a name like "PreconditionFailed", or an Error). */
  failNext(command: string, error: string | Error): void {
    this.failures.push({ command, error: typeof error === "string" ? awsError(error) : error });
  }

  addPublicKey(encodedKey: string, name = "bootstrap", callerReference = "pulumi-bootstrap"): string {
    const id = newId("K");
    this.state.publicKeys.set(id, { callerReference, name, encodedKey, comment: "", etag: etag() });
    return id;
  }

  addKeyGroup(items: string[], name = "signed-share-keys"): string {
    const id = newId("G");
    this.state.keyGroups.set(id, { name, items: [...items], etag: etag() });
    return id;
  }

  /** Someone else changes the group (makes our ETag stale). */
  touchKeyGroup(id: string): void {
    this.state.keyGroups.get(id)!.etag = etag();
  }

  members(groupId: string): string[] {
    return [...this.state.keyGroups.get(groupId)!.items];
  }

  private async changed() {
    await this.onStateChange?.(this.state);
  }

  async send(command: { input: Record<string, unknown> }): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, "");
    this.calls.push({ command: name, input: command.input });
    this.beforeCommand?.(name);
    const failure = this.failures.findIndex((f) => f.command === name);
    if (failure !== -1) throw this.failures.splice(failure, 1)[0]!.error;
    const handler = (this as unknown as Record<string, (input: never) => Promise<unknown>>)[`handle${name}`];
    if (!handler) throw new Error(`FakeCloudFront does not implement ${name}`);
    return handler.call(this, command.input as never);
  }

  async handleCreatePublicKey(input: { PublicKeyConfig: { CallerReference: string; Name: string; EncodedKey: string; Comment?: string } }) {
    const config = input.PublicKeyConfig;
    // CloudFront's documented limit (PublicKeyConfig.Comment: maximum 128 characters).
    if ((config.Comment ?? "").length > 128) throw awsError("InvalidArgument", "The parameter Comment is too long. Max 128 characters.");
    for (const [id, key] of this.state.publicKeys) {
      if (key.callerReference === config.CallerReference) {
        if (key.encodedKey !== config.EncodedKey) throw awsError("PublicKeyAlreadyExists", "CallerReference reused with a different key");
        return { PublicKey: { Id: id, PublicKeyConfig: config }, ETag: key.etag };
      }
      if (key.name === config.Name) throw awsError("PublicKeyAlreadyExists", "a public key with this name exists");
    }
    if (this.state.publicKeys.size >= 10) throw awsError("TooManyPublicKeys");
    const id = newId("K");
    const tag = etag();
    this.state.publicKeys.set(id, { callerReference: config.CallerReference, name: config.Name, encodedKey: config.EncodedKey, comment: config.Comment ?? "", etag: tag });
    await this.changed();
    return { PublicKey: { Id: id, PublicKeyConfig: config }, ETag: tag };
  }

  async handleGetPublicKey(input: { Id: string }) {
    const key = this.state.publicKeys.get(input.Id);
    if (!key) throw awsError("NoSuchPublicKey");
    return { PublicKey: { Id: input.Id, PublicKeyConfig: { CallerReference: key.callerReference, Name: key.name, EncodedKey: key.encodedKey, Comment: key.comment } }, ETag: key.etag };
  }

  async handleListPublicKeys(input: { Marker?: string; MaxItems?: number }) {
    const all = [...this.state.publicKeys.entries()];
    const start = input.Marker ? Number(input.Marker) : 0;
    const page = all.slice(start, start + (input.MaxItems ?? 100));
    const next = start + page.length < all.length ? String(start + page.length) : undefined;
    return {
      PublicKeyList: {
        MaxItems: input.MaxItems ?? 100,
        Quantity: page.length,
        ...(next ? { NextMarker: next } : {}),
        Items: page.map(([id, k]) => ({ Id: id, Name: k.name, EncodedKey: k.encodedKey, Comment: k.comment, CreatedTime: new Date(0) })),
      },
    };
  }

  async handleDeletePublicKey(input: { Id: string; IfMatch?: string }) {
    const key = this.state.publicKeys.get(input.Id);
    if (!key) throw awsError("NoSuchPublicKey");
    if (input.IfMatch !== key.etag) throw awsError(input.IfMatch ? "PreconditionFailed" : "InvalidIfMatchVersion");
    if ([...this.state.keyGroups.values()].some((g) => g.items.includes(input.Id))) throw awsError("PublicKeyInUse");
    this.state.publicKeys.delete(input.Id);
    await this.changed();
    return {};
  }

  async handleGetKeyGroup(input: { Id: string }) {
    const group = this.state.keyGroups.get(input.Id);
    if (!group) throw awsError("NoSuchResource");
    return { KeyGroup: { Id: input.Id, KeyGroupConfig: { Name: group.name, Items: [...group.items], Comment: group.comment } }, ETag: group.etag };
  }

  async handleUpdateKeyGroup(input: { Id: string; IfMatch?: string; KeyGroupConfig: { Name: string; Items: string[]; Comment?: string } }) {
    const group = this.state.keyGroups.get(input.Id);
    if (!group) throw awsError("NoSuchResource");
    if (input.IfMatch !== group.etag) throw awsError(input.IfMatch ? "PreconditionFailed" : "InvalidIfMatchVersion");
    const items = input.KeyGroupConfig.Items;
    if (items.length === 0) throw awsError("InvalidArgument", "a key group needs at least one key");
    if (items.length > 5) throw awsError("TooManyPublicKeysInKeyGroup");
    for (const id of items) if (!this.state.publicKeys.has(id)) throw awsError("NoSuchPublicKey", `${id} does not exist`);
    group.items = [...items];
    group.name = input.KeyGroupConfig.Name;
    group.etag = etag();
    await this.changed();
    return { KeyGroup: { Id: input.Id, KeyGroupConfig: input.KeyGroupConfig }, ETag: group.etag };
  }

  async handleCreateInvalidation(input: { DistributionId: string; InvalidationBatch: { CallerReference: string; Paths: { Quantity: number; Items: string[] } } }) {
    for (const [id, inv] of this.state.invalidations) {
      if (inv.callerReference === input.InvalidationBatch.CallerReference) return { Invalidation: { Id: id, Status: inv.pollsLeft > 0 ? "InProgress" : "Completed" } };
    }
    const id = newId("I");
    this.state.invalidations.set(id, { callerReference: input.InvalidationBatch.CallerReference, paths: input.InvalidationBatch.Paths.Items, pollsLeft: this.invalidationPolls });
    await this.changed();
    return { Invalidation: { Id: id, Status: "InProgress" } };
  }

  async handleGetInvalidation(input: { DistributionId: string; Id: string }) {
    const inv = this.state.invalidations.get(input.Id);
    if (!inv) throw awsError("NoSuchInvalidation");
    if (inv.pollsLeft > 0) {
      inv.pollsLeft--;
      return { Invalidation: { Id: input.Id, Status: "InProgress" } };
    }
    return { Invalidation: { Id: input.Id, Status: "Completed" } };
  }
}
