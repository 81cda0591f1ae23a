// Least-privilege IAM policies for the two kinds of callers outside Pulumi: the portal and the rotation tool.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { probeObjectKey, ROTATION_PREFIX } from "./bucket-layout";
import type { IamPrincipal } from "./iam-principals";
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
  /** Roles, users and groups to attach the portal policy to (stack setting portalPrincipals). */
  portalPrincipals?: IamPrincipal[];
  /** Roles, users and groups to attach the rotation policy to (stack setting rotationPrincipals). */
  rotationPrincipals?: IamPrincipal[];
}

/**
 * Attaches `policyArn` to each principal, one attachment resource each, so that `pulumi destroy` (or
 * removing a principal from the setting) detaches it before the policy is deleted: IAM refuses to delete
 * an attached policy (DeleteConflict). Never aws.iam.PolicyAttachment, which owns every attachment of the
 * policy and would detach those made by hand.
 */
function attach(parent: pulumi.Resource, name: string, policyArn: pulumi.Input<string>, principals: IamPrincipal[]): void {
  for (const principal of principals) {
    const resourceName = `${name}-${principal.kind}-${principal.name}`;
    const opts = { parent };
    if (principal.kind === "role") new aws.iam.RolePolicyAttachment(resourceName, { role: principal.name, policyArn }, opts);
    else if (principal.kind === "user") new aws.iam.UserPolicyAttachment(resourceName, { user: principal.name, policyArn }, opts);
    else new aws.iam.GroupPolicyAttachment(resourceName, { group: principal.name, policyArn }, opts);
  }
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

    // Attached to the principals in portalPrincipals (and to the deployed portal's own role), or by hand.
    const portal = new aws.iam.Policy(
      `${name}-portal`,
      {
        description: `signed-share ${pulumi.getStack()}: portal (client files, link records, single-link revocation at the edge)`,
        policy: documentArgs.apply((a) => JSON.stringify(portalPolicyDocument(a))),
      },
      parent,
    );

    // Attached to whoever runs `signed-share rotate-keys` (rotationPrincipals), or by hand.
    const rotation = new aws.iam.Policy(
      `${name}-rotation`,
      {
        description: `signed-share ${pulumi.getStack()}: signing-key rotation (public keys, key group, key secret, revocation list)`,
        policy: documentArgs.apply((a) => JSON.stringify(rotationPolicyDocument(a))),
      },
      parent,
    );

    attach(this, `${name}-portal`, portal.arn, args.portalPrincipals ?? []);
    attach(this, `${name}-rotation`, rotation.arn, args.rotationPrincipals ?? []);

    this.portalPolicyArn = portal.arn;
    this.rotationPolicyArn = rotation.arn;
    this.registerOutputs({ portalPolicyArn: this.portalPolicyArn, rotationPolicyArn: this.rotationPolicyArn });
  }
}
