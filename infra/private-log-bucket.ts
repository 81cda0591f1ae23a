// What every log bucket of the stack needs: the logs hold viewers' addresses and working signed URLs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateLogBucketSettings {
  /** Legacy standard logging writes through an ACL grant (BucketOwnerPreferred); logging v2 through the bucket policy (BucketOwnerEnforced). */
  objectOwnership: "BucketOwnerPreferred" | "BucketOwnerEnforced";
  /** Days to keep log files. */
  retentionDays: number;
  /** The lifecycle rule's id. */
  retentionRuleId: string;
}

/**
 * Ownership, no public access, SSE-S3 (the only encryption CloudFront's log delivery supports) and
 * expiry, on `bucket`, one configuration call at a time (S3 answers OperationAborted otherwise).
 * Returns them in that order; the last is what the bucket policy waits for.
 */
export function privateLogBucketSettings(parent: pulumi.Resource, name: string, bucket: aws.s3.Bucket, settings: PrivateLogBucketSettings): pulumi.Resource[] {
  const after = (previous: pulumi.Resource) => ({ parent, dependsOn: [previous] });
  const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: settings.objectOwnership } }, { parent });
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    after(ownership),
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    after(publicAccessBlock),
  );
  const retention = new aws.s3.BucketLifecycleConfiguration(
    `${name}-retention`,
    { bucket: bucket.id, rules: [{ id: settings.retentionRuleId, status: "Enabled", filter: {}, expiration: { days: settings.retentionDays } }] },
    after(encryption),
  );
  return [ownership, publicAccessBlock, encryption, retention];
}
