// Least-privilege IAM policies for the two kinds of callers outside Pulumi: the portal and the rotation tool.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { probeObjectKey, ROTATION_PREFIX } from "./bucket-layout";
import { portalPolicyDocument, rotationPolicyDocument, type AccessPolicyArgs } from "./policy-documents";

export interface AccessPoliciesArgs {
  bucketArn: pulumi.Input<string>;
  distributionArn: pulumi.Input<string>;
  originPrefix: string;
  signingKeySecretName: string;
  kmsKeyArn?: string;
  /** The revocation guard's KeyValueStore. */
  revocationStoreArn: pulumi.Input<string>;
  /** The download-activity log bucket, which the portal reads; absent when activity logging is off. */
  activityLogBucketArn?: pulumi.Input<string>;
  /** The SES sender (stack setting mailSender): the portal may send e-mail as this address only. */
  mailSender?: string;
  /** Names of the portal's own secrets (infra/portal-service.ts), which the portal policy then lets it read. */
  portalSecretNames?: string[];
  /** Malware scanning is on: the portal reads scan tags and asks for on-demand scans. */
  malwareScanning?: boolean;
}

export class AccessPolicies extends pulumi.ComponentResource {
  readonly portalPolicyArn: pulumi.Output<string>;
  readonly rotationPolicyArn: pulumi.Output<string>;

  constructor(name: string, args: AccessPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:iam:AccessPolicies", name, {}, opts);
    const parent = { parent: this };

    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);

    const documentArgs: pulumi.Output<AccessPolicyArgs> = pulumi
      .all([args.bucketArn, args.distributionArn, identity.accountId, partition.partition, region.region, args.revocationStoreArn, pulumi.output(args.activityLogBucketArn)])
      .apply(([bucketArn, distributionArn, accountId, partitionName, regionName, revocationStoreArn, activityLogBucketArn]) => ({
        ...(activityLogBucketArn === undefined ? {} : { activityLogBucketArn }),
        bucketArn,
        distributionArn,
        revocationStoreArn,
        originPrefix: args.originPrefix,
        // Secrets Manager appends "-" and six random characters to every secret ARN.
        signingKeySecretArn: `arn:${partitionName}:secretsmanager:${regionName}:${accountId}:secret:${args.signingKeySecretName}-??????`,
        ...(args.portalSecretNames === undefined
          ? {}
          : { portalSecretArns: args.portalSecretNames.map((name) => `arn:${partitionName}:secretsmanager:${regionName}:${accountId}:secret:${name}-??????`) }),
        probeObjectKey: probeObjectKey(args.originPrefix),
        ...(args.malwareScanning ? { malwareScanning: true } : {}),
        rotationPrefix: ROTATION_PREFIX,
        kms: args.kmsKeyArn === undefined ? undefined : { keyArn: args.kmsKeyArn, region: regionName },
        mail:
          args.mailSender === undefined
            ? undefined
            : {
                fromAddress: args.mailSender,
                // SES checks the identity the message is sent as: the address itself, or its verified domain.
                identityArns: [args.mailSender, args.mailSender.split("@")[1]!].map((identity) => `arn:${partitionName}:ses:${regionName}:${accountId}:identity/${identity}`),
              },
      }));

    // Attach to the portal's role or user.
    const portal = new aws.iam.Policy(
      `${name}-portal`,
      {
        description: `signed-share ${pulumi.getStack()}: portal (client files, link records, single-link revocation at the edge)`,
        policy: documentArgs.apply((a) => JSON.stringify(portalPolicyDocument(a))),
      },
      parent,
    );

    // Attach to whoever runs `npm run rotate-keys` / `npm run keys:init`.
    const rotation = new aws.iam.Policy(
      `${name}-rotation`,
      {
        description: `signed-share ${pulumi.getStack()}: signing-key rotation (public keys, key group, key secret, revocation list)`,
        policy: documentArgs.apply((a) => JSON.stringify(rotationPolicyDocument(a))),
      },
      parent,
    );

    this.portalPolicyArn = portal.arn;
    this.rotationPolicyArn = rotation.arn;
    this.registerOutputs({ portalPolicyArn: this.portalPolicyArn, rotationPolicyArn: this.rotationPolicyArn });
  }
}
