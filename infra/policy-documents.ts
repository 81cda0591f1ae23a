// Every policy document of the stack, as pure functions of resolved ARNs (tested directly and through the mocks).
import { CLEAN_TAG_VALUE, SCAN_TAG } from "../lib/scanning/scan-status";
import { unscannedServedPatterns } from "../lib/scanning/served-unscanned";

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { Service: string } | { AWS: string };
  Action: string | string[];
  /** Exactly one of Resource and NotResource. */
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

const CLOUDFRONT_SERVICE = { Service: "cloudfront.amazonaws.com" };

const document = (...statements: (PolicyStatement | undefined)[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements.filter((s): s is PolicyStatement => s !== undefined),
});

export interface BucketPolicyArgs {
  bucketArn: string;
  distributionArn: string;
  originPrefix: string;
  /** The one object outside the client folder that CloudFront may read: the expired-link page. */
  errorPageKey: string;
  /** Malware scanning (docs/scanning.md): the GuardDuty plan's role, the only principal that may set scan tags. */
  malwareScanning?: { scannerRoleArn: string };
}

/** Nobody reaches the bucket or its objects without TLS. */
function denyNonTls(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyNonTlsRequests",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The access-log bucket: TLS only (its logs hold working signed URLs). CloudFront writes through an ACL grant. */
export function tlsOnlyBucketPolicyDocument(bucketArn: string): PolicyDocument {
  return document(denyNonTls(bucketArn));
}

/**
 * With malware scanning on (docs/scanning.md): CloudFront never reads a client file whose GuardDuty
 * tag is not NO_THREATS_FOUND (untagged included: a negated condition on a missing key holds), except
 * the product's own pages and the rotation probe (NotResource, the same patterns the local edge
 * matches). And nobody but GuardDuty's role sets or removes that tag; PutObject with a tag header
 * needs s3:PutObjectTagging too, so an upload cannot arrive pre-tagged as clean either.
 */
function scanStatements(a: BucketPolicyArgs): PolicyStatement[] {
  if (a.malwareScanning === undefined) return [];
  return [
    {
      Sid: "CloudFrontReadsOnlyFilesScannedClean",
      Effect: "Deny",
      Principal: CLOUDFRONT_SERVICE,
      Action: "s3:GetObject",
      NotResource: [...unscannedServedPatterns(a.originPrefix).map((pattern) => `${a.bucketArn}/${pattern}`), `${a.bucketArn}/${a.errorPageKey}`],
      Condition: { StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_TAG}`]: CLEAN_TAG_VALUE } },
    },
    {
      Sid: "OnlyGuardDutySetsScanTags",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"],
      Resource: `${a.bucketArn}/${a.originPrefix}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": a.malwareScanning.scannerRoleArn } },
    },
  ];
}

/** TLS only; CloudFront (this distribution only) reads the client folder and the error page, nothing else. */
export function bucketPolicyDocument(a: BucketPolicyArgs): PolicyDocument {
  const thisDistribution = { StringEquals: { "AWS:SourceArn": a.distributionArn } };
  return document(
    denyNonTls(a.bucketArn),
    ...scanStatements(a),
    {
      Sid: "CloudFrontReadsClientFilesAndErrorPage",
      Effect: "Allow",
      Principal: CLOUDFRONT_SERVICE,
      Action: "s3:GetObject",
      Resource: [`${a.bucketArn}/${a.originPrefix}/*`, `${a.bucketArn}/${a.errorPageKey}`],
      Condition: thisDistribution,
    },
    {
      // Lets S3 answer 404 instead of 403 for a missing client file (S3 checks ListBucket with
      // s3:prefix = the requested key). CloudFront never sends a real listing: it only GETs object paths.
      Sid: "CloudFrontSeesMissingClientFilesAs404",
      Effect: "Allow",
      Principal: CLOUDFRONT_SERVICE,
      Action: "s3:ListBucket",
      Resource: a.bucketArn,
      Condition: { ...thisDistribution, StringLike: { "s3:prefix": `${a.originPrefix}/*` } },
    },
  );
}

/**
 * The statement to add to the customer-managed KMS key's policy when the bucket uses SSE-KMS:
 * CloudFront (this distribution only) may decrypt. In a key policy, Resource "*" means "this key".
 */
export function kmsKeyPolicyStatement(distributionArn: string): PolicyStatement {
  return {
    Sid: "AllowCloudFrontToDecryptSharedFiles",
    Effect: "Allow",
    Principal: CLOUDFRONT_SERVICE,
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
  };
}

export interface AccessPolicyArgs {
  bucketArn: string;
  distributionArn: string;
  originPrefix: string;
  /** Secrets Manager ARN pattern of the signing-key secret (name plus AWS's random `-??????` suffix). */
  signingKeySecretArn: string;
  /** Object the rotation tool fetches to prove which key the edge accepts. */
  probeObjectKey: string;
  /** Folder of the rotation's journal and lock, e.g. portal/rotation. */
  rotationPrefix: string;
  /** The revocation guard's KeyValueStore (edge-guard.ts). */
  revocationStoreArn: string;
  /** The download-activity log bucket (activity-logs.ts), when activity logging is on. */
  activityLogBucketArn?: string;
  kms?: { keyArn: string; region: string };
  /** E-mail through Amazon SES: the From address and the SES identities (the address, its domain) it may be sent as. */
  mail?: { fromAddress: string; identityArns: string[] };
  /** Secrets Manager ARN patterns of the portal's own secrets (session, OIDC client), when the stack deploys the portal. */
  portalSecretArns?: string[];
  /** Malware scanning is on: the portal reads scan tags and asks GuardDuty for on-demand scans. */
  malwareScanning?: boolean;
}

/** The portal (and `links activity` run with its role) reads CloudFront's access logs; nobody else gets a grant. */
function readActivityLogs(a: AccessPolicyArgs): PolicyStatement | undefined {
  if (a.activityLogBucketArn === undefined) return undefined;
  return {
    Sid: "ReadDownloadActivityLogs",
    Effect: "Allow",
    Action: ["s3:ListBucket", "s3:GetObject"],
    Resource: [a.activityLogBucketArn, `${a.activityLogBucketArn}/AWSLogs/*`],
  };
}

/** S3 with SSE-KMS encrypts and decrypts on the caller's behalf: allowed only through S3. */
function useBucketKey(a: AccessPolicyArgs): PolicyStatement | undefined {
  if (a.kms === undefined) return undefined;
  return {
    Sid: "UseBucketKmsKeyThroughS3",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: a.kms.keyArn,
    Condition: { StringEquals: { "kms:ViaService": `s3.${a.kms.region}.amazonaws.com` } },
  };
}

/** Read and write revoked link ids (revoke, prune); the store itself belongs to Pulumi. */
function revocationListStatement(a: AccessPolicyArgs): PolicyStatement {
  return {
    Sid: "WriteRevocationList",
    Effect: "Allow",
    Action: ["cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:ListKeys", "cloudfront-keyvaluestore:UpdateKeys"],
    Resource: a.revocationStoreArn,
  };
}

/** Send e-mail through SES as the configured sender only (links, reminders, notifications). */
function sendMailStatement(a: AccessPolicyArgs): PolicyStatement | undefined {
  if (a.mail === undefined) return undefined;
  return {
    Sid: "SendMailAsTheConfiguredSender",
    Effect: "Allow",
    // The SES v2 SendEmail API with raw content is authorised as ses:SendEmail or ses:SendRawEmail depending on the path; grant both, on the identity only.
    Action: ["ses:SendEmail", "ses:SendRawEmail"],
    Resource: a.mail.identityArns,
    Condition: { StringEquals: { "ses:FromAddress": a.mail.fromAddress } },
  };
}

/** Where file requests keep files until they are accepted (lib/requests/layout.ts INCOMING_PREFIX; infra loads no lib/ module with imports). */
export const INCOMING_PREFIX = "incoming";
/**
 * Malware scanning: read each client file's scan tag (statuses, issuing), and ask GuardDuty to scan
 * files stored before the plan (`files scan`). Writing tags is GuardDuty's alone (the bucket policy).
 * SendObjectMalwareScan names the object in its body; AWS documents no narrower resource for it.
 */
function scanAccess(a: AccessPolicyArgs): PolicyStatement[] {
  if (!a.malwareScanning) return [];
  return [
    { Sid: "ReadScanStatusTags", Effect: "Allow", Action: "s3:GetObjectTagging", Resource: [`${a.bucketArn}/${a.originPrefix}/*`, `${a.bucketArn}/${INCOMING_PREFIX}/*`] },
    { Sid: "AskForOnDemandMalwareScans", Effect: "Allow", Action: "guardduty:SendObjectMalwareScan", Resource: "*" },
  ];
}

/** The portal: manage client files and its own records, revoke single links, read the signing key. */
export function portalPolicyDocument(a: AccessPolicyArgs): PolicyDocument {
  return document(
    {
      Sid: "ListClientAndPortalFolders",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: a.bucketArn,
      Condition: { StringLike: { "s3:prefix": [`${a.originPrefix}/*`, "portal/*", `${INCOMING_PREFIX}/*`] } },
    },
    {
      Sid: "ReadWriteClientFilesAndPortalRecords",
      Effect: "Allow",
      // PutObject covers the multipart steps (create, parts, complete); aborting one is its own action.
      // incoming/: what file requests receive, before it is accepted into the client's folder (docs/requests.md).
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: [`${a.bucketArn}/${a.originPrefix}/*`, `${a.bucketArn}/portal/*`, `${a.bucketArn}/${INCOMING_PREFIX}/*`],
    },
    {
      // The file-request upload API checks a request link's CloudFront signature with the key group's public
      // keys. CloudFront defines no IAM resource type for key groups or public keys, so only "*" works here.
      Sid: "ReadTrustedPublicKeys",
      Effect: "Allow",
      Action: ["cloudfront:GetKeyGroup", "cloudfront:GetPublicKey"],
      Resource: "*",
    },
    {
      Sid: "InvalidateRevokedPages",
      Effect: "Allow",
      Action: "cloudfront:CreateInvalidation",
      Resource: a.distributionArn,
    },
    revocationListStatement(a),
    readActivityLogs(a),
    {
      Sid: "ReadSigningKey",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: a.signingKeySecretArn,
    },
    {
      // portal/* above is the portal's own folders (which grow with features); the rotation's journal and
      // lock are not among them: a portal bug or a stolen portal role must not break or fake a rotation.
      Sid: "NeverTouchRotationJournalAndLock",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `${a.bucketArn}/${a.rotationPrefix}/*`,
    },
    sendMailStatement(a),
    ...scanAccess(a),
    a.portalSecretArns === undefined || a.portalSecretArns.length === 0
      ? undefined
      : { Sid: "ReadPortalSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: a.portalSecretArns },
    useBucketKey(a),
  );
}

/** The rotation tool (`npm run rotate-keys`): public keys, key-group membership, the key secret, its journal. */
export function rotationPolicyDocument(a: AccessPolicyArgs): PolicyDocument {
  return document(
    {
      // CloudFront defines no IAM resource type for public keys or key groups (the Service
      // Authorization Reference lists none for these actions), so AWS accepts only "*" here.
      Sid: "ManagePublicKeysAndKeyGroupMembership",
      Effect: "Allow",
      Action: [
        "cloudfront:CreatePublicKey",
        "cloudfront:GetPublicKey",
        "cloudfront:DeletePublicKey",
        "cloudfront:ListPublicKeys",
        "cloudfront:GetKeyGroup",
        "cloudfront:UpdateKeyGroup",
      ],
      Resource: "*",
    },
    {
      Sid: "InvalidateCachedPages",
      Effect: "Allow",
      Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
      Resource: a.distributionArn,
    },
    {
      Sid: "StoreSigningKey",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
      ],
      Resource: a.signingKeySecretArn,
    },
    {
      Sid: "ListPortalRecords",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: a.bucketArn,
      Condition: { StringLike: { "s3:prefix": "portal/*" } },
    },
    {
      Sid: "ReadWriteRotationJournalAndLinkRecords",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `${a.bucketArn}/portal/*`,
    },
    revocationListStatement(a),
    {
      // The rotation recreates the probe object when it is missing (lib/keys/rotation/edge-probe.ts).
      Sid: "ReadAndRecreateEdgeProbeObject",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `${a.bucketArn}/${a.probeObjectKey}`,
    },
    useBucketKey(a),
  );
}

/**
 * The download-activity log bucket (activity-logs.ts): TLS only, and CloudWatch's log delivery
 * (standard logging v2) may write this account's CloudFront logs under AWSLogs/, nothing else.
 * The two delivery statements are the ones CloudWatch Logs adds to a bucket policy that lacks them
 * when a delivery is created ("Logs sent to Amazon S3" in the CloudWatch Logs guide), under the same
 * ids: with them in place it adds nothing, so the next `pulumi up` finds the policy as written
 * (docs/first-deploy.md lists the check on a real account).
 */
export function activityLogBucketPolicyDocument(a: { bucketArn: string; accountId: string; partition: string }): PolicyDocument {
  const fromThisAccountsDeliveries = {
    StringEquals: { "aws:SourceAccount": a.accountId },
    ArnLike: { "aws:SourceArn": `arn:${a.partition}:logs:us-east-1:${a.accountId}:delivery-source:*` },
  };
  return document(
    denyNonTls(a.bucketArn),
    {
      Sid: "AWSLogDeliveryWrite",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${a.bucketArn}/AWSLogs/*`,
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": a.accountId },
        ArnLike: fromThisAccountsDeliveries.ArnLike,
      },
    },
    {
      // GetBucketAcl is the check CloudWatch adds; ListBucket keeps its HEAD requests from being logged as AccessDenied.
      Sid: "AWSLogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: a.bucketArn,
      Condition: fromThisAccountsDeliveries,
    },
  );
}

/** Who may assume the Malware Protection plan's role: GuardDuty's plan service (the trust policy AWS documents). */
export function malwareProtectionTrustDocument(): PolicyDocument {
  return document({
    Sid: "GuardDutyMalwareProtectionPlan",
    Effect: "Allow",
    Principal: { Service: "malware-protection-plan.guardduty.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
}

export interface MalwareProtectionRoleArgs {
  bucketArn: string;
  bucketName: string;
  accountId: string;
  partition: string;
  region: string;
  kmsKeyArn?: string;
}

/**
 * The permissions AWS documents for a Malware Protection for S3 plan's role ("Create or update IAM
 * role policy", GuardDuty user guide): its EventBridge managed rule, the bucket's event
 * notifications, reading objects to scan them, tagging them with the result, the validation object,
 * and, with SSE-KMS, the key through S3.
 */
export function malwareProtectionRolePolicyDocument(a: MalwareProtectionRoleArgs): PolicyDocument {
  const managedRule = `arn:${a.partition}:events:${a.region}:${a.accountId}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
  return document(
    {
      Sid: "AllowManagedRuleToSendS3EventsToGuardDuty",
      Effect: "Allow",
      Action: ["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
      Resource: managedRule,
      Condition: { StringLike: { "events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com" } },
    },
    { Sid: "AllowGuardDutyToMonitorEventBridgeManagedRule", Effect: "Allow", Action: ["events:DescribeRule", "events:ListTargetsByRule"], Resource: managedRule },
    {
      Sid: "AllowPostScanTag",
      Effect: "Allow",
      Action: ["s3:PutObjectTagging", "s3:GetObjectTagging", "s3:PutObjectVersionTagging", "s3:GetObjectVersionTagging"],
      Resource: `${a.bucketArn}/*`,
    },
    { Sid: "AllowEnableS3EventBridgeEvents", Effect: "Allow", Action: ["s3:PutBucketNotification", "s3:GetBucketNotification"], Resource: a.bucketArn },
    {
      Sid: "AllowPutValidationObject",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: `${a.bucketArn}/malware-protection-resource-validation-object`,
      Condition: { StringEquals: { "aws:ResourceAccount": a.accountId } },
    },
    { Sid: "AllowCheckBucketOwnership", Effect: "Allow", Action: "s3:ListBucket", Resource: a.bucketArn },
    { Sid: "AllowMalwareScan", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${a.bucketArn}/*` },
    a.kmsKeyArn === undefined
      ? undefined
      : {
          Sid: "AllowDecryptForMalwareScan",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: a.kmsKeyArn,
          Condition: { StringLike: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
        },
  );
}
