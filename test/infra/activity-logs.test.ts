// Download activity's infrastructure: CloudFront standard logging v2 (CloudWatch vended-log
// delivery) into a private, TLS-only bucket, JSON lines in Hive-compatible hour partitions.
import { describe, expect, test } from "vitest";
import { LOG_FIELDS } from "../../lib/activity/log-record.js";
import { SUFFIX_PATH } from "../../lib/activity/log-layout.js";
import { ACCOUNT_ID, DISTRIBUTION_ARN, minimalConfig, promiseOf, runProgram } from "./harness.js";

describe("activityLogs: true", () => {
  test("source (the distribution), destination (the bucket, JSON) and delivery (chosen fields, Hive hour partitions), all in us-east-1", async () => {
    const run = await runProgram({ ...minimalConfig(), activityLogs: "true" });
    const source = run.one("aws:cloudwatch/logDeliverySource:LogDeliverySource").inputs;
    const destination = run.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination").inputs;
    const delivery = run.one("aws:cloudwatch/logDelivery:LogDelivery");
    expect(source).toMatchObject({ region: "us-east-1", logType: "ACCESS_LOGS", resourceArn: DISTRIBUTION_ARN });
    expect(destination).toMatchObject({ region: "us-east-1", outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::activity-logs-0a1b2c3" } });
    expect(delivery.inputs).toMatchObject({
      region: "us-east-1",
      deliverySourceName: "activity-logs-source-1a2b3c",
      deliveryDestinationArn: expect.stringContaining(":delivery-destination:"),
      recordFields: [...LOG_FIELDS],
      s3DeliveryConfigurations: [{ enableHiveCompatiblePath: true, suffixPath: SUFFIX_PATH }],
    });
    // The fields the reader needs, and never the ones that can hold a signed URL besides the query.
    expect(delivery.inputs.recordFields).toEqual(expect.arrayContaining(["cs-uri-query", "cs-uri-stem", "sc-status", "sc-range-start", "sc-range-end", "x-edge-response-result-type"]));
    expect(delivery.inputs.recordFields).not.toContain("cs(Referer)");
    expect(delivery.inputs.recordFields).not.toContain("cs(Cookie)");
    expect(await promiseOf((run.program as unknown as { activityLogBucketName: import("@pulumi/pulumi").Output<string> }).activityLogBucketName)).toBe("activity-logs-0a1b2c3");
  });

  test("the bucket: no ACLs, no public access, SSE-S3, expiry after activityRetentionDays, TLS only, log delivery writes this account's logs only", async () => {
    const run = await runProgram({ ...minimalConfig(), activityLogs: "true", activityRetentionDays: "30" });
    const named = (type: string) => run.ofType(type).find((r) => r.name.startsWith("activity-logs"))!.inputs;
    expect(named("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
    expect(named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules[0].expiration).toEqual({ days: 30 });
    const policy = JSON.parse(named("aws:s3/bucketPolicy:BucketPolicy").policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::activity-logs-0a1b2c3/AWSLogs/*",
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-source:*` },
        },
      },
      // What CloudWatch Logs would otherwise append itself when the delivery is created (a diff at every later `pulumi up`).
      {
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: "arn:aws:s3:::activity-logs-0a1b2c3",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-source:*` },
        },
      },
    ]);
    expect(run.one("aws:cloudwatch/logDelivery:LogDelivery").opts.dependsOn).toBeDefined();
  });

  test("the portal's policy may list and read the logs; the rotation tool's may not", async () => {
    const run = await runProgram({ ...minimalConfig(), activityLogs: "true" });
    const policy = (name: string) => JSON.parse(run.ofType("aws:iam/policy:Policy").find((p) => p.name === name)!.inputs.policy);
    expect(policy("access-portal").Statement).toContainEqual({
      Sid: "ReadDownloadActivityLogs",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetObject"],
      Resource: ["arn:aws:s3:::activity-logs-0a1b2c3", "arn:aws:s3:::activity-logs-0a1b2c3/AWSLogs/*"],
    });
    expect(JSON.stringify(policy("access-rotation"))).not.toContain("activity-logs");
    const off = await runProgram(minimalConfig());
    expect(JSON.stringify(off.ofType("aws:iam/policy:Policy").map((p) => p.inputs.policy))).not.toContain("ReadDownloadActivityLogs");
  });

  test("the portal on Lambda reads the log bucket: SHARE_ACTIVITY_LOG_BUCKET in its environment (absent when activity logging is off)", async () => {
    const env = async (config: Record<string, string>) => (await runProgram(config)).one("aws:lambda/function:Function").inputs.environment.variables;
    expect(await env({ ...minimalConfig(), portal: "true", activityLogs: "true" })).toMatchObject({ SHARE_ACTIVITY_LOG_BUCKET: "activity-logs-0a1b2c3", SHARE_DISTRIBUTION_ID: expect.any(String) });
    expect(await env({ ...minimalConfig(), portal: "true" })).not.toHaveProperty("SHARE_ACTIVITY_LOG_BUCKET");
  });

  test("off by default (the logs hold viewers' addresses): nothing registered, no output", async () => {
    const run = await runProgram(minimalConfig());
    expect(run.resources.filter((r) => r.type.startsWith("aws:cloudwatch/"))).toEqual([]);
    expect("activityLogBucketName" in (run.program as object)).toBe(false);
  });

  test("beside the legacy `logging`: both buckets, each its own", async () => {
    const run = await runProgram({ ...minimalConfig(), activityLogs: "true", logging: "true" });
    expect(run.ofType("aws:s3/bucket:Bucket").map((b) => b.name).sort()).toEqual(["access-logs", "activity-logs", "files"]);
  });

  test.each([["0"], ["ninety"], ["1.5"]])("activityRetentionDays %s is refused", async (days) => {
    const { parseInfraConfig } = await import("../../infra/config.js");
    expect(() => parseInfraConfig({ signingPublicKey: minimalConfig().signingPublicKey!, activityRetentionDays: days })).toThrow(/activityRetentionDays/);
  });
});
