// Optional bucket for CloudFront standard access logs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyBucketPolicyDocument } from "./policy-documents";

export interface AccessLogBucketArgs {
  forceDestroy: boolean;
  /** Days to keep log files. */
  retentionDays: number;
}

export class AccessLogBucket extends pulumi.ComponentResource {
  /** The `<bucket>.s3.amazonaws.com` name CloudFront's logging config expects. */
  readonly domainName: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:logging:AccessLogBucket", name, {}, opts);
    const parent = { parent: this };

    // The bucket receiving CloudFront's log files.
    const bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy }, parent);
    // One configuration call at a time on the new bucket (S3 OperationAborted otherwise).
    const after = (previous: pulumi.Resource) => ({ parent: this, dependsOn: [previous] });

    // Standard logging writes through an ACL grant to the awslogsdelivery account, which CloudFront adds
    // itself when logging is enabled; that needs ACLs enabled (BucketOwnerPreferred), unlike the file bucket.
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerPreferred" } },
      parent,
    );

    // Logs contain client IP addresses and signed URLs: never public.
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      after(ownership),
    );

    // Standard logging only supports SSE-S3 on the target bucket.
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      after(publicAccessBlock),
    );

    // Old logs are deleted automatically.
    const retention = new aws.s3.BucketLifecycleConfiguration(
      `${name}-retention`,
      {
        bucket: bucket.id,
        rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } }],
      },
      after(encryption),
    );

    // The logs hold working signed URLs: reading them is like reading the files, and never without TLS.
    const tlsOnly = new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicyDocument(arn))) },
      after(retention),
    );

    this.bucketName = bucket.bucket;
    this.domainName = bucket.bucketDomainName;
    this.ready = [ownership, publicAccessBlock, encryption, retention, tlsOnly];
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
