// What every log bucket of the stack needs: the logs hold viewers' addresses and working signed URLs.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateLogBucketSettings {
  /** Legacy standard logging writes through an ACL grant (BucketOwnerPreferred); logging v2 through the bucket policy (BucketOwnerEnforced). */
  objectOwnership: "BucketOwnerPreferred" | "BucketOwnerEnforced";
  /** Days to keep log files. */
  retentionDays: number;
  /** The lifecycle rule's id. */
  retentionRuleId: string;
  /**
   * Stack setting forceDestroy (dev stacks): Pulumi empties and deletes the bucket when the log is turned
   * off or the stack is destroyed. Otherwise the bucket is evidence: Pulumi leaves it, with every setting
   * below, to the operator (docs/deploy.md#tearing-down), so late log files still land in a private bucket.
   */
  forceDestroy: boolean;
}

export interface PrivateLogBucket {
  bucket: aws.s3.Bucket;
  /** Ownership, public access block, encryption, expiry, in the order they are applied. */
  settings: pulumi.Resource[];
  /** Options for the bucket's other resources (its policy): kept with the bucket, or not. */
  keptWithBucket: { retainOnDelete: boolean };
}

/**
 * The bucket with ownership, no public access, SSE-S3 (the only encryption CloudFront's log delivery
 * supports) and expiry, one configuration call at a time (S3 answers OperationAborted otherwise). The
 * last setting is what the bucket policy waits for.
 */
export function privateLogBucket(parent: pulumi.Resource, name: string, settings: PrivateLogBucketSettings): PrivateLogBucket {
  const keptWithBucket = { retainOnDelete: !settings.forceDestroy };
  const kept = { parent, ...keptWithBucket };
  const after = (previous: pulumi.Resource) => ({ ...kept, dependsOn: [previous] });
  const bucket = new aws.s3.Bucket(name, { forceDestroy: settings.forceDestroy }, kept);
  const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: settings.objectOwnership } }, kept);
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
  return { bucket, settings: [ownership, publicAccessBlock, encryption, retention], keptWithBucket };
}
