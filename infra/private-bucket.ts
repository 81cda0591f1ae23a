// The private bucket: nobody reaches it but CloudFront (through OAC) and the IAM policies of this stack.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketArgs {
  /** SSE-KMS with this key; SSE-S3 (AES256) when absent. */
  kmsKeyArn?: string;
  /** Allow `pulumi destroy` to empty the bucket (dev stacks). */
  forceDestroy: boolean;
}

export class PrivateBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly regionalDomainName: pulumi.Output<string>;
  /** The lock-down settings, applied one after the other; the bucket policy, objects and any further
   *  bucket configuration depend on them (S3 refuses concurrent configuration changes of one bucket). */
  readonly lockedDown: pulumi.Resource[];

  constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:storage:PrivateBucket", name, {}, opts);
    const parent = { parent: this };

    // The bucket holding client files (client_files/) and the portal's records (portal/).
    this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy }, parent);
    const bucket = this.bucket.id;
    // S3 answers OperationAborted ("A conflicting conditional operation is currently in progress") to
    // configuration calls that race on a new bucket: each setting waits for the one before.
    const after = (previous: pulumi.Resource) => ({ parent: this, dependsOn: [previous] });

    // ACLs off: the bucket owner owns every object, whoever uploads it.
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );

    // No public ACL or policy can ever take effect on this bucket.
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      after(ownership),
    );

    // Encryption at rest for every object: SSE-KMS with the given key (bucket key on, fewer KMS calls) or SSE-S3.
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket,
        rules: [
          args.kmsKeyArn === undefined
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                bucketKeyEnabled: true,
              },
        ],
      },
      after(publicAccessBlock),
    );

    // Interrupted multipart uploads (large client files) stop costing money after a week.
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket,
        rules: [
          {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      after(encryption),
    );

    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.regionalDomainName = this.bucket.bucketRegionalDomainName;
    this.lockedDown = [ownership, publicAccessBlock, encryption, lifecycle];
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
