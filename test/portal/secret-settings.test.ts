import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/config.js";
import { resolveSecretSettings, secretRegion, secretsManagerReader } from "../../portal/runtime/secret-settings.js";

const SESSION_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:signed-share/prod/portal-session-AbCdEf";
const OIDC_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:signed-share/prod/portal-oidc-client-GhIjKl";

/** A Secrets Manager stand-in that remembers what was read. */
function fakeSecrets(values: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    read: async (id: string) => {
      reads.push(id);
      const value = values[id];
      if (value === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: "ResourceNotFoundException" });
      return value;
    },
  };
}

describe("resolveSecretSettings", () => {
  it("replaces each *_SECRET_ID by the value it names and drops the id", async () => {
    const secrets = fakeSecrets({ [SESSION_ARN]: "s".repeat(64), [OIDC_ARN]: "client-secret" });
    const env = await resolveSecretSettings({ PORTAL_SESSION_SECRET_ID: SESSION_ARN, OIDC_CLIENT_SECRET_ID: OIDC_ARN, SHARE_BUCKET: "b" }, secrets.read);
    expect(env).toEqual({ PORTAL_SESSION_SECRET: "s".repeat(64), OIDC_CLIENT_SECRET: "client-secret", SHARE_BUCKET: "b" });
    expect(secrets.reads.sort()).toEqual([OIDC_ARN, SESSION_ARN].sort());
  });

  it("reads nothing when no *_SECRET_ID is set, and leaves the caller's object alone", async () => {
    const secrets = fakeSecrets({});
    const input = { PORTAL_SESSION_SECRET: "x".repeat(40), OIDC_CLIENT_SECRET_ID: " " };
    expect(await resolveSecretSettings(input, secrets.read)).toEqual(input);
    expect(secrets.reads).toEqual([]);
  });

  it("refuses a value and its _ID together, as a configuration error", async () => {
    const secrets = fakeSecrets({ [SESSION_ARN]: "s".repeat(64) });
    const attempt = resolveSecretSettings({ PORTAL_SESSION_SECRET: "x".repeat(40), PORTAL_SESSION_SECRET_ID: SESSION_ARN }, secrets.read);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/PORTAL_SESSION_SECRET and PORTAL_SESSION_SECRET_ID are both set/);
  });

  it("names the setting, the secret and the permission when a secret cannot be read, never a value", async () => {
    const attempt = resolveSecretSettings({ PORTAL_SESSION_SECRET_ID: "missing/secret" }, fakeSecrets({}).read);
    await expect(attempt).rejects.toThrow(/^PORTAL_SESSION_SECRET_ID: could not read secret missing\/secret \(ResourceNotFoundException: .*secretsmanager:GetSecretValue/);
  });
});

describe("secretsManagerReader", () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  afterAll(() => sm.restore());

  it("asks for the secret by id, in the region of its ARN, and trims the text", async () => {
    sm.on(GetSecretValueCommand, { SecretId: SESSION_ARN }).resolves({ SecretString: "value-from-aws\n" });
    const regions: (string | undefined)[] = [];
    const read = secretsManagerReader((region) => {
      regions.push(region);
      return new SecretsManagerClient({ region: region ?? "us-east-1" });
    });
    expect(await read(SESSION_ARN)).toBe("value-from-aws");
    expect(regions).toEqual(["eu-central-1"]);
    expect(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: SESSION_ARN });
  });

  it("refuses a binary secret and passes AWS errors on", async () => {
    sm.on(GetSecretValueCommand, { SecretId: "binary" }).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    sm.on(GetSecretValueCommand, { SecretId: "gone" }).rejects(new ResourceNotFoundException({ message: "not here", $metadata: {} }));
    const read = secretsManagerReader(() => new SecretsManagerClient({ region: "eu-central-1" }));
    await expect(read("binary")).rejects.toThrow(/holds no text value/);
    await expect(read("gone")).rejects.toThrow(/not here/);
  });

  it("finds the region in ARNs of every partition, and none in a plain name", () => {
    expect(secretRegion("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x-AbCdEf")).toBe("us-gov-west-1");
    expect(secretRegion("signed-share/prod/portal-session")).toBeUndefined();
  });
});
