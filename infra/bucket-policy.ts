// The bucket policy: TLS only, and CloudFront (this distribution only) reads the client folder and the error page.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ERROR_PAGE_KEY } from "./bucket-layout";
import { bucketPolicyDocument } from "./policy-documents";
import type { PrivateBucket } from "./private-bucket";

export interface CloudFrontBucketPolicyArgs {
  bucket: PrivateBucket;
  distributionArn: pulumi.Input<string>;
  originPrefix: string;
}

export class CloudFrontBucketPolicy extends pulumi.ComponentResource {
  constructor(name: string, args: CloudFrontBucketPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:storage:CloudFrontBucketPolicy", name, {}, opts);

    // Written after the public access block, so S3 judges it with every public setting already off.
    new aws.s3.BucketPolicy(
      name,
      {
        bucket: args.bucket.bucket.id,
        policy: pulumi
          .all([args.bucket.arn, args.distributionArn])
          .apply(([bucketArn, distributionArn]) =>
            JSON.stringify(
              bucketPolicyDocument({ bucketArn, distributionArn, originPrefix: args.originPrefix, errorPageKey: ERROR_PAGE_KEY }),
            ),
          ),
      },
      { parent: this, dependsOn: args.bucket.lockedDown },
    );
    this.registerOutputs({});
  }
}
