// Download activity: CloudFront standard logging v2 (CloudWatch vended-log delivery) into a private
// bucket, as JSON lines in Hive-compatible hour partitions (docs/activity.md).
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_FIELDS } from "../lib/activity/log-record";
import { SUFFIX_PATH } from "../lib/activity/log-layout";
import { activityLogBucketPolicyDocument } from "./policy-documents";
import { privateLogBucket } from "./private-log-bucket";

export interface ActivityLogsArgs {
  distributionArn: pulumi.Input<string>;
  /** Pulumi may empty and delete the bucket (dev stacks); otherwise it is kept when activityLogs is turned off or the stack destroyed. */
  forceDestroy: boolean;
  /** Days to keep log files (stack setting activityRetentionDays). */
  retentionDays: number;
}

/** CloudFront is a global service: its log delivery source, destination and delivery live in us-east-1. */
const DELIVERY_REGION = "us-east-1";

export class ActivityLogs extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: ActivityLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:logging:ActivityLogs", name, {}, opts);
    const parent = { parent: this };

    // Log delivery v2 writes through the bucket policy, so ACLs stay off (unlike the legacy logging bucket).
    const { bucket, settings, keptWithBucket } = privateLogBucket(this, name, {
      objectOwnership: "BucketOwnerEnforced",
      retentionDays: args.retentionDays,
      retentionRuleId: "expire-activity-logs",
      forceDestroy: args.forceDestroy,
    });
    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, identity.accountId, partition.partition])
          .apply(([bucketArn, accountId, partitionName]) => JSON.stringify(activityLogBucketPolicyDocument({ bucketArn, accountId, partition: partitionName }))),
      },
      { parent: this, dependsOn: [settings.at(-1)!], ...keptWithBucket },
    );

    // CloudFront accepts one delivery source per distribution and log type, and one delivery per source
    // and destination: a replacement must delete the old one first (Pulumi's default creates the new one
    // first, which CloudFront refuses). docs/activity.md says what to do when one exists outside the stack.
    const deleteFirst = { parent: this, deleteBeforeReplace: true };
    const source = new aws.cloudwatch.LogDeliverySource(
      `${name}-source`,
      { region: DELIVERY_REGION, logType: "ACCESS_LOGS", resourceArn: args.distributionArn },
      deleteFirst,
    );
    const destination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-destination`,
      { region: DELIVERY_REGION, outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: bucket.arn } },
      { parent: this },
    );
    // Only the fields the activity reader uses (no Referer or Cookie: they can hold signed URLs), by hour.
    new aws.cloudwatch.LogDelivery(
      `${name}-delivery`,
      {
        region: DELIVERY_REGION,
        deliverySourceName: source.name,
        deliveryDestinationArn: destination.arn,
        recordFields: [...LOG_FIELDS],
        s3DeliveryConfigurations: [{ enableHiveCompatiblePath: true, suffixPath: SUFFIX_PATH }],
      },
      { ...deleteFirst, dependsOn: [policy] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
