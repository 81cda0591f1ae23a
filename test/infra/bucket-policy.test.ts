// The bucket policy: TLS only, and only this distribution reads only the client folder (plus the error page).
import { beforeAll, describe, expect, test } from "vitest";
import type { PolicyDocument, PolicyStatement } from "../../infra/policy-documents.js";
import { DISTRIBUTION_ARN, minimalConfig, runProgram } from "./harness.js";

const BUCKET_ARN = "arn:aws:s3:::files-0a1b2c3";

describe("bucket policy", () => {
  let policy: PolicyDocument;
  let cloudFrontStatements: PolicyStatement[];
  beforeAll(async () => {
    const run = await runProgram(minimalConfig());
    const bucketPolicy = run.one("aws:s3/bucketPolicy:BucketPolicy");
    expect(bucketPolicy.inputs.bucket).toBe("files-id");
    policy = JSON.parse(bucketPolicy.inputs.policy) as PolicyDocument;
    cloudFrontStatements = policy.Statement.filter((s) => s.Effect === "Allow");
  });

  test("requests without TLS are denied for everyone, on the bucket and every object", () => {
    const deny = policy.Statement.find((s) => s.Effect === "Deny");
    expect(deny).toMatchObject({
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("every grant names the CloudFront service principal with AWS:SourceArn = this distribution", () => {
    expect(cloudFrontStatements.length).toBeGreaterThan(0);
    for (const statement of cloudFrontStatements) {
      expect(statement.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
      expect(statement.Condition?.StringEquals).toEqual({ "AWS:SourceArn": DISTRIBUTION_ARN });
    }
  });

  test("CloudFront may read only the client prefix and the one error page object", () => {
    const reads = cloudFrontStatements.filter((s) => [s.Action].flat().includes("s3:GetObject"));
    expect(reads.flatMap((s) => [s.Resource].flat()).sort()).toEqual(
      [`${BUCKET_ARN}/client_files/*`, `${BUCKET_ARN}/errors/link-expired.html`].sort(),
    );
    expect(cloudFrontStatements.flatMap((s) => [s.Action].flat()).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
  });

  test("CloudFront's ListBucket (404 for missing files) is limited to the client prefix", () => {
    const list = cloudFrontStatements.find((s) => s.Action === "s3:ListBucket");
    expect(list?.Resource).toBe(BUCKET_ARN);
    expect(list?.Condition?.StringLike).toEqual({ "s3:prefix": "client_files/*" });
  });

  test("nothing grants access to portal/", () => {
    expect(JSON.stringify(cloudFrontStatements)).not.toContain("portal");
  });
});

test("a custom originPrefix moves the grant with it", async () => {
  const run = await runProgram({ ...minimalConfig(), originPrefix: "shared" });
  const policy = JSON.parse(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy) as PolicyDocument;
  const resources = policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Resource].flat());
  expect(resources).toContain(`${BUCKET_ARN}/shared/*`);
  expect(resources).not.toContain(`${BUCKET_ARN}/client_files/*`);
});
