import {
  CreateInvalidationCommand,
  CreatePublicKeyCommand,
  DeletePublicKeyCommand,
  GetInvalidationCommand,
  GetKeyGroupCommand,
  GetPublicKeyCommand,
  ListPublicKeysCommand,
  UpdateKeyGroupCommand,
  type CloudFrontClient,
} from "@aws-sdk/client-cloudfront";

/** CloudFront quotas that shape a rotation (docs/architecture.md#keys-and-rotation). */
export const KEYS_PER_GROUP_QUOTA = 5;
export const PUBLIC_KEYS_PER_ACCOUNT_QUOTA = 10;

/** Public keys made by the rotation tool are named so; only those are ever deleted by it. */
export const TOOL_KEY_NAME_PREFIX = "signed-share-rotation-";

export interface NewPublicKey {
  /** The rotation id: a retried create returns the same key instead of a second one. */
  callerReference: string;
  name: string;
  publicKeyPem: string;
  comment: string;
}

export interface PublicKeyInfo {
  id: string;
  name: string;
  comment: string;
  createdByTool: boolean;
}

/**
 * The CloudFront calls a rotation makes: the trusted key group's members, public keys, and cache
 * invalidation. Implemented over CloudFront's API and over the local edge's trusted.json.
 */
export interface KeyGroupAdmin {
  /** For messages: "CloudFront key group K..." or "local key group dir:...". */
  readonly location: string;
  /** Whether there is a cache to invalidate (false for the local edge). */
  readonly hasCache: boolean;
  members(): Promise<string[]>;
  /** Reads the members with their ETag and writes `change(members)` with IfMatch, retrying when someone else changed the group meanwhile. */
  updateMembers(change: (members: string[]) => string[]): Promise<string[]>;
  createPublicKey(key: NewPublicKey): Promise<string>;
  describePublicKey(id: string): Promise<PublicKeyInfo | undefined>;
  /** Deleting a key that is already gone is not an error. */
  deletePublicKey(id: string): Promise<void>;
  publicKeyCount(): Promise<number>;
  /** Invalidates every cached path; undefined when there is nothing to invalidate. */
  invalidateAll(callerReference: string): Promise<string | undefined>;
  invalidationComplete(id: string): Promise<boolean>;
}

const errorName = (error: unknown) => (error as Error | undefined)?.name;

export interface CloudFrontKeyGroupOptions {
  keyGroupId: string;
  /** Without one, invalidation is skipped (and said so). */
  distributionId?: string;
  /** Attempts of a read-modify-write before giving up on a busy key group. Default 5. */
  maxAttempts?: number;
}

/** KeyGroupAdmin over CloudFront's API through one injected client. */
export class CloudFrontKeyGroupAdmin implements KeyGroupAdmin {
  readonly location: string;
  readonly hasCache: boolean;

  constructor(
    private readonly client: CloudFrontClient,
    private readonly options: CloudFrontKeyGroupOptions,
  ) {
    this.location = `CloudFront key group ${options.keyGroupId}`;
    this.hasCache = options.distributionId !== undefined;
  }

  private async getGroup() {
    const result = await this.client.send(new GetKeyGroupCommand({ Id: this.options.keyGroupId }));
    const config = result.KeyGroup?.KeyGroupConfig;
    if (!config || !result.ETag) throw new Error(`GetKeyGroup ${this.options.keyGroupId} returned no configuration or ETag`);
    return { config, etag: result.ETag };
  }

  async members(): Promise<string[]> {
    return [...((await this.getGroup()).config.Items ?? [])];
  }

  async updateMembers(change: (members: string[]) => string[]): Promise<string[]> {
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const { config, etag } = await this.getGroup();
      const current = [...(config.Items ?? [])];
      const next = change(current);
      if (sameMembers(current, next)) return current;
      try {
        await this.client.send(
          new UpdateKeyGroupCommand({
            Id: this.options.keyGroupId,
            IfMatch: etag,
            KeyGroupConfig: { Name: config.Name, Items: next, ...(config.Comment !== undefined ? { Comment: config.Comment } : {}) },
          }),
        );
        return next;
      } catch (error) {
        if (errorName(error) !== "PreconditionFailed" || attempt >= attempts) throw error;
      }
    }
  }

  async createPublicKey(key: NewPublicKey): Promise<string> {
    try {
      const result = await this.client.send(
        new CreatePublicKeyCommand({
          PublicKeyConfig: { CallerReference: key.callerReference, Name: key.name, EncodedKey: key.publicKeyPem, Comment: key.comment },
        }),
      );
      if (!result.PublicKey?.Id) throw new Error("CreatePublicKey returned no Id");
      return result.PublicKey.Id;
    } catch (error) {
      if (errorName(error) !== "PublicKeyAlreadyExists") throw error;
      // An earlier attempt of this rotation created it: find it by its name and key.
      const existing = (await this.listPublicKeys()).find((k) => k.Name === key.name && k.EncodedKey?.trim() === key.publicKeyPem.trim());
      if (!existing?.Id) throw error;
      return existing.Id;
    }
  }

  async describePublicKey(id: string): Promise<PublicKeyInfo | undefined> {
    try {
      const result = await this.client.send(new GetPublicKeyCommand({ Id: id }));
      const config = result.PublicKey?.PublicKeyConfig;
      const name = config?.Name ?? "";
      return { id, name, comment: config?.Comment ?? "", createdByTool: name.startsWith(TOOL_KEY_NAME_PREFIX) };
    } catch (error) {
      if (errorName(error) === "NoSuchPublicKey") return undefined;
      throw error;
    }
  }

  async deletePublicKey(id: string): Promise<void> {
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const { ETag } = await this.client.send(new GetPublicKeyCommand({ Id: id }));
        await this.client.send(new DeletePublicKeyCommand({ Id: id, IfMatch: ETag }));
        return;
      } catch (error) {
        if (errorName(error) === "NoSuchPublicKey") return;
        if (errorName(error) !== "PreconditionFailed" || attempt >= attempts) throw error;
      }
    }
  }

  async publicKeyCount(): Promise<number> {
    return (await this.listPublicKeys()).length;
  }

  private async listPublicKeys() {
    const items = [];
    let marker: string | undefined;
    do {
      const result = await this.client.send(new ListPublicKeysCommand({ ...(marker ? { Marker: marker } : {}), MaxItems: 100 }));
      items.push(...(result.PublicKeyList?.Items ?? []));
      marker = result.PublicKeyList?.NextMarker;
    } while (marker);
    return items;
  }

  async invalidateAll(callerReference: string): Promise<string | undefined> {
    if (!this.options.distributionId) return undefined;
    const result = await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.options.distributionId,
        InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: 1, Items: ["/*"] } },
      }),
    );
    if (!result.Invalidation?.Id) throw new Error("CreateInvalidation returned no Id");
    return result.Invalidation.Id;
  }

  async invalidationComplete(id: string): Promise<boolean> {
    if (!this.options.distributionId) return true;
    const result = await this.client.send(new GetInvalidationCommand({ DistributionId: this.options.distributionId, Id: id }));
    return result.Invalidation?.Status === "Completed";
  }
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
