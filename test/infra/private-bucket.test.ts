// The bucket's own lock-down: what holds whatever the distribution does.
import { beforeAll, describe, expect, test } from "vitest";
import { DISTRIBUTION_ARN, minimalConfig, promiseOf, runProgram, type ProgramRun } from "./harness.js";

const KMS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("private bucket", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram(minimalConfig());
  });

  test("the bucket blocks all public access", () => {
    const block = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    expect(block).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(block.bucket).toBe("files-id");
  });

  test("object ownership is bucket-owner-enforced (ACLs disabled)", () => {
    const ownership = run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs;
    expect(ownership.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
  });

  test("encryption at rest is on (SSE-S3 by default)", () => {
    const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs;
    expect(sse.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
  });

  test("a dev stack may not delete a bucket holding files unless forceDestroy is set", () => {
    expect(run.one("aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(false);
  });
});

describe("private bucket with kmsKeyArn", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), kmsKeyArn: KMS_KEY, forceDestroy: "true" });
  });

  test("encryption uses SSE-KMS with the configured key and a bucket key", () => {
    const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs;
    expect(sse.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_KEY }, bucketKeyEnabled: true },
    ]);
  });

  test("the key-policy statement CloudFront needs is an output, limited to this distribution", async () => {
    const output = run.program.kmsKeyPolicyStatement;
    expect(output).toBeDefined();
    const statement = JSON.parse(await promiseOf(output!));
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Condition: { StringEquals: { "AWS:SourceArn": DISTRIBUTION_ARN } },
    });
  });

  test("forceDestroy reaches the bucket", () => {
    expect(run.one("aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(true);
  });
});
