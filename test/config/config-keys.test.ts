import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { AWS_ENV, load, refusal, workdir } from "./helpers.js";

describe("signing key settings", () => {
  it("uses a local key pair from SHARE_KEY_PAIR_ID and SHARE_PRIVATE_KEY=file://PATH relative to cwd", () => {
    const cwd = workdir();
    expect(load({ SHARE_KEY_PAIR_ID: "K2JCJMDEHXQW5F", SHARE_PRIVATE_KEY: "file://keys/private.pem" }, { cwd }).signingKey).toEqual({
      store: "local",
      keyPairId: "K2JCJMDEHXQW5F",
      privateKeyPath: join(cwd, "keys/private.pem"),
    });
  });

  it("keeps an absolute file:// path as it is", () => {
    const config = load({ SHARE_KEY_PAIR_ID: "K2JCJMDEHXQW5F", SHARE_PRIVATE_KEY: "file:///etc/share/key.pem" });
    expect(config.signingKey).toMatchObject({ privateKeyPath: "/etc/share/key.pem" });
  });

  it("uses Secrets Manager when only SHARE_SIGNING_KEY_SECRET is set", () => {
    expect(load({ ...AWS_ENV, SHARE_SIGNING_KEY_SECRET: "signed-share/prod/signing-key" }).signingKey).toEqual({
      store: "secretsmanager",
      secretName: "signed-share/prod/signing-key",
    });
  });

  it("lets SHARE_KEY_STORE=local override a configured secret", () => {
    const config = load({ ...AWS_ENV, SHARE_SIGNING_KEY_SECRET: "s", SHARE_KEY_STORE: "local" });
    expect(config.signingKey.store).toBe("local");
  });

  it("refuses when SHARE_PRIVATE_KEY is given without SHARE_KEY_PAIR_ID", () => {
    expect(refusal({ SHARE_PRIVATE_KEY: "file://key.pem" })).toContain("SHARE_KEY_PAIR_ID is required with SHARE_PRIVATE_KEY");
  });

  it("refuses when SHARE_KEY_PAIR_ID is given without SHARE_PRIVATE_KEY", () => {
    expect(refusal({ SHARE_KEY_PAIR_ID: "K2JCJMDEHXQW5F" })).toContain("SHARE_PRIVATE_KEY is required with SHARE_KEY_PAIR_ID");
  });

  it("refuses an inline PEM in SHARE_PRIVATE_KEY without echoing it", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----";
    const message = refusal({ SHARE_KEY_PAIR_ID: "K2JCJMDEHXQW5F", SHARE_PRIVATE_KEY: pem });
    expect(message).toContain("SHARE_PRIVATE_KEY must be file://PATH");
    expect(message).not.toContain("MIIEow");
  });

  it("refuses when SHARE_KEY_STORE is secretsmanager but no secret is named", () => {
    expect(refusal({ ...AWS_ENV, SHARE_KEY_STORE: "secretsmanager" })).toContain(
      "SHARE_SIGNING_KEY_SECRET is required when SHARE_KEY_STORE is secretsmanager",
    );
  });

  it("refuses an unknown SHARE_KEY_STORE", () => {
    expect(refusal({ SHARE_KEY_STORE: "vault" })).toBe('SHARE_KEY_STORE must be local or secretsmanager (got "vault")');
  });

  it("refuses a SHARE_KEY_PAIR_ID that is not a CloudFront key id", () => {
    expect(refusal({ SHARE_KEY_PAIR_ID: "my key", SHARE_PRIVATE_KEY: "file://k.pem" })).toContain(
      "SHARE_KEY_PAIR_ID must be a CloudFront public key id",
    );
  });
});
