import { describe, expect, it } from "vitest";
import { AWS_ENV, load, refusal, workdir } from "./helpers.js";

const STACK = {
  bucketName: "signed-share-prod-files-1a2b3c",
  originPrefix: "client_files",
  publicUrl: "https://d111111abcdef8.cloudfront.net",
  distributionId: "E2QWRUHAPOMQZL",
  signingKeySecretName: "signed-share/prod/signing-key",
  region: "eu-central-1",
  keyGroupId: "5c8d4bde-2f3a-4c6e-9f5e-1a2b3c4d5e6f",
  bootstrapPublicKeyId: "K2JCJMDEHXQW5F",
  unrelatedOutput: 42,
};

describe("stack outputs file", () => {
  it("maps every stack output named by SHARE_CONFIG onto the config", () => {
    expect(load({ SHARE_CONFIG: "stack.json" }, { cwd: workdir(STACK) })).toMatchObject({
      mode: "aws",
      bucket: STACK.bucketName,
      prefix: "client_files",
      publicUrl: STACK.publicUrl,
      distributionId: STACK.distributionId,
      region: STACK.region,
      keyGroupId: STACK.keyGroupId,
      bootstrapPublicKeyId: STACK.bootstrapPublicKeyId,
      signingKey: { store: "secretsmanager", secretName: STACK.signingKeySecretName },
    });
  });

  it("reads the file given as configFile (--config) in preference to SHARE_CONFIG", () => {
    const cwd = workdir(STACK);
    expect(load({ SHARE_CONFIG: "missing.json" }, { cwd, configFile: "stack.json" })).toMatchObject({ bucket: STACK.bucketName });
  });

  it("lets environment variables override stack outputs", () => {
    const config = load({ SHARE_CONFIG: "stack.json", ...AWS_ENV, AWS_REGION: "us-east-2" }, { cwd: workdir(STACK) });
    expect(config).toMatchObject({ bucket: AWS_ENV.SHARE_BUCKET, publicUrl: AWS_ENV.SHARE_PUBLIC_URL, region: "us-east-2" });
  });

  it("names the stack output and the file when an output is invalid", () => {
    const cwd = workdir({ ...STACK, publicUrl: "http://d111.cloudfront.net" });
    expect(refusal({ SHARE_CONFIG: "stack.json" }, { cwd })).toContain(
      'SHARE_PUBLIC_URL (from publicUrl in stack.json) must be an https URL',
    );
  });

  it("refuses when the file does not exist, saying how to create it", () => {
    expect(refusal({ SHARE_CONFIG: "nope.json" })).toMatch(
      /SHARE_CONFIG names .*nope\.json, which cannot be read \(ENOENT\): create it with `pulumi stack output --json > stack.json`/,
    );
  });

  it("refuses when the file is not JSON", () => {
    expect(refusal({}, { cwd: workdir("Current stack outputs (8):"), configFile: "stack.json" })).toMatch(/^--config names .*, which is not JSON/);
  });

  it("refuses when an output was printed as [secret]", () => {
    const cwd = workdir({ ...STACK, signingKeySecretName: "[secret]" });
    expect(refusal({ SHARE_CONFIG: "stack.json" }, { cwd })).toContain("--show-secrets");
  });

  it("refuses when an output is not a string", () => {
    const cwd = workdir({ ...STACK, bucketName: ["a"] });
    expect(refusal({ SHARE_CONFIG: "stack.json" }, { cwd })).toContain('bucketName in');
  });
});
