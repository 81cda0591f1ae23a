import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, explainAwsSetupError } from "../../lib/aws-errors.js";
import { runTool } from "../support/run-tool.js";

/** Real SDK errors, made by real SDK clients against nothing: each gets a message that names the setting. */
describe("AWS setup errors say what to set", { timeout: 90_000 }, () => {
  const nowhere = join(__dirname, "no-such-aws-file");
  afterEach(() => vi.unstubAllEnvs());
  const isolate = (env: Record<string, string | undefined>) => {
    for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) vi.stubEnv(name, undefined);
    vi.stubEnv("AWS_CONFIG_FILE", nowhere);
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", nowhere);
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  };
  const failure = (config: ConstructorParameters<typeof SecretsManagerClient>[0]) =>
    new SecretsManagerClient({ maxAttempts: 1, ...config }).send(new GetSecretValueCommand({ SecretId: "x" })).then(
      () => expect.fail("the call succeeded"),
      (error: unknown) => error,
    );

  it.each([
    ["no region", {}, {}, /^no AWS region is set: set AWS_REGION .*--config FILE or SHARE_CONFIG/],
    ["no credentials", { AWS_REGION: "eu-west-1" }, {}, /^no AWS credentials were found: .*AWS_PROFILE=NAME.*AWS_ACCESS_KEY_ID/],
    ["a host that does not resolve", { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x" }, { region: "eu-west-1", endpoint: "http://secretsmanager.no-such-host.invalid" }, /^cannot resolve secretsmanager\.no-such-host\.invalid: check AWS_REGION/],
    ["nothing listening", { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x" }, { region: "eu-west-1", endpoint: "http://127.0.0.1:9" }, /^cannot connect to 127\.0\.0\.1:9 \(ECONNREFUSED\): check AWS_ENDPOINT_URL_S3/],
  ] as const)("%s", async (_, env, config, expected) => {
    isolate(env);
    const error = await failure(config);
    expect(explainAwsSetupError(error)).toMatch(expected);
  });

  it("leaves other errors alone, and puts the explanation first where a message lacks it", () => {
    expect(explainAwsSetupError(new Error("ResourceNotFoundException"))).toBeUndefined();
    expect(describeError(new Error("ResourceNotFoundException"))).toBe("ResourceNotFoundException");
    expect(describeError(new Error("reading the key failed", { cause: new Error("Region is missing") }))).toMatch(/^no AWS region is set: .* \(reading the key failed\)$/);
  });

  it("a tool reports it as one line naming the setting (exit 1), not the SDK's words", async () => {
    const result = await runTool("issue.ts", ["--list-clients"], {
      env: { SHARE_BUCKET: "acme-share", SHARE_PUBLIC_URL: "https://files.example.com", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x", AWS_CONFIG_FILE: nowhere, AWS_SHARED_CREDENTIALS_FILE: nowhere },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^failed: list s3:\/\/acme-share\/.* No AWS region is set: set AWS_REGION/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
