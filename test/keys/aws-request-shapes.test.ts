import {
  CloudFrontClient,
  CreateInvalidationCommand,
  CreatePublicKeyCommand,
  DeletePublicKeyCommand,
  GetInvalidationCommand,
  GetKeyGroupCommand,
  GetPublicKeyCommand,
  ListPublicKeysCommand,
  PreconditionFailed,
  PublicKeyAlreadyExists,
  UpdateKeyGroupCommand,
} from "@aws-sdk/client-cloudfront";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CloudFrontKeyGroupAdmin } from "../../lib/keys/key-group.js";
import { NoActiveKeyError } from "../../lib/keys/key-store.js";
import { PENDING_STAGE, SecretsManagerKeyStore } from "../../lib/keys/secrets-manager-key-store.js";
import { ecTestKey } from "../support/vectors.js";

const cloudfront = mockClient(CloudFrontClient);
const secrets = mockClient(SecretsManagerClient);
// Modules are shared across the test files of a worker (vitest.config.mts): give the real clients back.
afterAll(() => {
  cloudfront.restore();
  secrets.restore();
});
afterEach(() => {
  cloudfront.reset();
  secrets.reset();
});

const meta = { $metadata: {} };
const admin = () => new CloudFrontKeyGroupAdmin(new CloudFrontClient({ region: "us-east-1" }), { keyGroupId: "KG1", distributionId: "E2QWRUHAPOMQZL" });
const groupAnswer = (etag: string, items: string[]) => ({ KeyGroup: { Id: "KG1", LastModifiedTime: new Date(), KeyGroupConfig: { Name: "signed-share-keys", Items: items, Comment: "managed by rotate-keys" } }, ETag: etag });

describe("CloudFront requests", () => {
  it("adds a key with GetKeyGroup then UpdateKeyGroup carrying the ETag as IfMatch and the whole config", async () => {
    cloudfront.on(GetKeyGroupCommand).resolves(groupAnswer("E1", ["KOLD"]));
    cloudfront.on(UpdateKeyGroupCommand).resolves({});
    await admin().updateMembers((items) => [...items, "KNEW"]);
    expect(cloudfront.commandCalls(GetKeyGroupCommand)[0]!.args[0].input).toEqual({ Id: "KG1" });
    expect(cloudfront.commandCalls(UpdateKeyGroupCommand)[0]!.args[0].input).toEqual({
      Id: "KG1",
      IfMatch: "E1",
      KeyGroupConfig: { Name: "signed-share-keys", Items: ["KOLD", "KNEW"], Comment: "managed by rotate-keys" },
    });
  });

  it("re-reads the group and retries with the new ETag after PreconditionFailed", async () => {
    cloudfront.on(GetKeyGroupCommand).resolvesOnce(groupAnswer("E1", ["KOLD"])).resolves(groupAnswer("E2", ["KOLD", "KOTHER"]));
    cloudfront.on(UpdateKeyGroupCommand).rejectsOnce(new PreconditionFailed({ message: "stale", ...meta })).resolves({});
    await admin().updateMembers((items) => [...items, "KNEW"]);
    const updates = cloudfront.commandCalls(UpdateKeyGroupCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => [u.IfMatch, u.KeyGroupConfig!.Items])).toEqual([
      ["E1", ["KOLD", "KNEW"]],
      ["E2", ["KOLD", "KOTHER", "KNEW"]],
    ]);
  });

  it("sends no UpdateKeyGroup when the members would not change", async () => {
    cloudfront.on(GetKeyGroupCommand).resolves(groupAnswer("E1", ["KOLD", "KNEW"]));
    await admin().updateMembers((items) => (items.includes("KNEW") ? items : [...items, "KNEW"]));
    expect(cloudfront.commandCalls(UpdateKeyGroupCommand)).toHaveLength(0);
  });

  it("creates a public key with CallerReference, Name, EncodedKey and Comment", async () => {
    cloudfront.on(CreatePublicKeyCommand).resolves({ PublicKey: { Id: "KNEW", CreatedTime: new Date(), PublicKeyConfig: undefined }, ETag: "E1" });
    const id = await admin().createPublicKey({ callerReference: "r1", name: "signed-share-rotation-r1", publicKeyPem: ecTestKey.publicPem, comment: "c" });
    expect(id).toBe("KNEW");
    expect(cloudfront.commandCalls(CreatePublicKeyCommand)[0]!.args[0].input).toEqual({
      PublicKeyConfig: { CallerReference: "r1", Name: "signed-share-rotation-r1", EncodedKey: ecTestKey.publicPem, Comment: "c" },
    });
  });

  it("finds the key an earlier attempt created when CloudFront says PublicKeyAlreadyExists", async () => {
    cloudfront.on(CreatePublicKeyCommand).rejects(new PublicKeyAlreadyExists({ message: "exists", ...meta }));
    cloudfront.on(ListPublicKeysCommand).resolves({
      PublicKeyList: { MaxItems: 100, Quantity: 1, Items: [{ Id: "KEARLIER", Name: "signed-share-rotation-r1", EncodedKey: ecTestKey.publicPem, CreatedTime: new Date() }] },
    });
    const id = await admin().createPublicKey({ callerReference: "r1", name: "signed-share-rotation-r1", publicKeyPem: ecTestKey.publicPem, comment: "c" });
    expect(id).toBe("KEARLIER");
    expect(cloudfront.commandCalls(ListPublicKeysCommand)[0]!.args[0].input).toEqual({ MaxItems: 100 });
  });

  it("deletes a public key with GetPublicKey's ETag as IfMatch", async () => {
    cloudfront.on(GetPublicKeyCommand).resolves({ ETag: "E7", PublicKey: { Id: "KOLD", CreatedTime: new Date(), PublicKeyConfig: undefined } });
    cloudfront.on(DeletePublicKeyCommand).resolves({});
    await admin().deletePublicKey("KOLD");
    expect(cloudfront.commandCalls(DeletePublicKeyCommand)[0]!.args[0].input).toEqual({ Id: "KOLD", IfMatch: "E7" });
  });

  it("invalidates /* with the rotation id as CallerReference and reads the status", async () => {
    cloudfront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: "I1", Status: "InProgress", CreateTime: new Date(), InvalidationBatch: undefined } });
    cloudfront.on(GetInvalidationCommand).resolves({ Invalidation: { Id: "I1", Status: "Completed", CreateTime: new Date(), InvalidationBatch: undefined } });
    const a = admin();
    expect(await a.invalidateAll("r1")).toBe("I1");
    expect(await a.invalidationComplete("I1")).toBe(true);
    expect(cloudfront.commandCalls(CreateInvalidationCommand)[0]!.args[0].input).toEqual({
      DistributionId: "E2QWRUHAPOMQZL",
      InvalidationBatch: { CallerReference: "r1", Paths: { Quantity: 1, Items: ["/*"] } },
    });
    expect(cloudfront.commandCalls(GetInvalidationCommand)[0]!.args[0].input).toEqual({ DistributionId: "E2QWRUHAPOMQZL", Id: "I1" });
  });
});

describe("Secrets Manager requests", () => {
  const store = () => new SecretsManagerKeyStore(new SecretsManagerClient({ region: "eu-central-1" }), "signed-share/prod/signing-key");
  const key = { keyPairId: "K2JCJMDEHXQW5F", type: "ecdsa" as const, privateKeyPem: ecTestKey.privatePem, createdAt: "2030-01-01T00:00:00.000Z" };

  it("activates a key with PutSecretValue: the JSON value and a deterministic ClientRequestToken", async () => {
    secrets.on(PutSecretValueCommand).resolves({});
    await store().activate(key);
    await store().activate(key);
    const [first, second] = secrets.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
    expect(first).toEqual({ SecretId: "signed-share/prod/signing-key", SecretString: JSON.stringify(key), ClientRequestToken: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(second!.ClientRequestToken).toBe(first!.ClientRequestToken);
  });

  it("creates the secret with CreateSecret when it does not exist yet", async () => {
    secrets.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: "no secret", ...meta }));
    secrets.on(CreateSecretCommand).resolves({});
    await store().activate(key);
    expect(secrets.commandCalls(CreateSecretCommand)[0]!.args[0].input).toEqual({
      Name: "signed-share/prod/signing-key",
      Description: expect.stringContaining("signing key"),
      SecretString: JSON.stringify(key),
      ClientRequestToken: expect.any(String),
    });
  });

  it("keeps a rotation's new key under the pending label, not AWSCURRENT", async () => {
    secrets.on(PutSecretValueCommand).resolves({});
    await store().savePending({ rotationId: "r1", type: "ecdsa", privateKeyPem: ecTestKey.privatePem, createdAt: "2030-01-01T00:00:00.000Z" });
    expect(secrets.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: "signed-share/prod/signing-key",
      SecretString: expect.stringContaining('"rotationId":"r1"'),
      VersionStages: [PENDING_STAGE],
      ClientRequestToken: expect.any(String),
    });
  });

  it("reads the active key from AWSCURRENT, and says to run keys:init when there is no secret", async () => {
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: JSON.stringify(key) }).rejects(new ResourceNotFoundException({ message: "no", ...meta }));
    expect(await store().active()).toEqual(key);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: "signed-share/prod/signing-key" });
    await expect(store().active()).rejects.toBeInstanceOf(NoActiveKeyError);
  });

  it("finds an earlier key in AWSPREVIOUS, then in the versions DescribeSecret lists", async () => {
    const older = { ...key, keyPairId: "KOLDER" };
    secrets.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({ SecretString: JSON.stringify(key) });
    secrets.on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).resolves({ SecretString: JSON.stringify({ ...key, keyPairId: "KPREV" }) });
    secrets.on(GetSecretValueCommand, { VersionId: "v1" }).resolves({ SecretString: JSON.stringify(older) });
    secrets.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: [] } });
    expect(await store().get("KOLDER")).toEqual(older);
    expect(secrets.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({ SecretId: "signed-share/prod/signing-key" });
  });
});
