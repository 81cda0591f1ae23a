// Optional bucket for CloudFront standard access logs.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyBucketPolicyDocument } from "./policy-documents";
import { privateLogBucket } from "./private-log-bucket";

export interface AccessLogBucketArgs {
  /** Pulumi may empty and delete the bucket (dev stacks); otherwise it is kept when logging is turned off or the stack destroyed. */
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
    // The bucket receiving CloudFront's log files. Standard logging writes through an ACL grant to the
    // awslogsdelivery account, which CloudFront adds itself when logging is enabled; that needs ACLs
    // enabled, unlike the file bucket.
    const { bucket, settings, keptWithBucket } = privateLogBucket(this, name, {
      objectOwnership: "BucketOwnerPreferred",
      retentionDays: args.retentionDays,
      retentionRuleId: "expire-access-logs",
      forceDestroy: args.forceDestroy,
    });

    // The logs hold working signed URLs: reading them is like reading the files, and never without TLS.
    const tlsOnly = new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicyDocument(arn))) },
      { parent: this, dependsOn: [settings.at(-1)!], ...keptWithBucket },
    );

    this.bucketName = bucket.bucket;
    this.domainName = bucket.bucketDomainName;
    this.ready = [...settings, tlsOnly];
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
