// The bucket policy: TLS only, and CloudFront (this distribution only) reads the client folder and the error page
// (with malware scanning on, only the client files scanned clean).
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ERROR_PAGE_KEY } from "./bucket-layout";
import { bucketPolicyDocument } from "./policy-documents";
import type { PrivateBucket } from "./private-bucket";

export interface CloudFrontBucketPolicyArgs {
  bucket: PrivateBucket;
  distributionArn: pulumi.Input<string>;
  originPrefix: string;
  /** With malware scanning on: GuardDuty's role, the only one that may set scan tags (infra/malware-protection.ts). */
  scannerRoleArn?: pulumi.Input<string>;
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
          .all([args.bucket.arn, args.distributionArn, pulumi.output(args.scannerRoleArn)])
          .apply(([bucketArn, distributionArn, scannerRoleArn]) =>
            JSON.stringify(
              bucketPolicyDocument({
                bucketArn,
                distributionArn,
                originPrefix: args.originPrefix,
                errorPageKey: ERROR_PAGE_KEY,
                ...(scannerRoleArn === undefined ? {} : { malwareScanning: { scannerRoleArn } }),
              }),
            ),
          ),
      },
      { parent: this, dependsOn: args.bucket.lockedDown },
    );
    this.registerOutputs({});
  }
}
