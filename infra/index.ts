// signed-share infrastructure: a private bucket served only through CloudFront signed URLs (docs/architecture.md#infrastructure).
//
// Relative imports in infra/ carry no ".js" extension, unlike the rest of the repo: the Pulumi CLI loads this
// program with ts-node in CommonJS mode (vendored ts-node 7), which resolves "./x" to x.ts but not "./x.js".
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "./access-log-bucket";
import { ActivityLogs } from "./activity-logs";
import { AccessPolicies } from "./access-policies";
import { PROBE_PATH, probeObjectKey as probeKeyFor } from "./bucket-layout";
import { CloudFrontBucketPolicy } from "./bucket-policy";
import { CustomDomain } from "./custom-domain";
import { DomainAliases } from "./domain-aliases";
import { EdgeGuard } from "./edge-guard";
import { MalwareProtection } from "./malware-protection";
import { portalSecretNames, signingKeySecretName as deriveSecretName } from "./naming";
import { kmsKeyPolicyStatement as cloudFrontKmsStatement } from "./policy-documents";
import { PortalService } from "./portal-service";
import { PrivateBucket } from "./private-bucket";
import { SignedDistribution } from "./signed-distribution";
import { SigningKeyGroup } from "./signing-key-group";
import { UploadCors } from "./upload-cors";
import { readInfraConfig } from "./stack-config";

const config = readInfraConfig();

// Bucket for client files and portal records; nothing public.
const files = new PrivateBucket("files", { kmsKeyArn: config.kmsKeyArn, forceDestroy: config.forceDestroy });

// Key group trusted by the distribution, seeded with the key from `npm run keys:init`.
const signingKeys = new SigningKeyGroup("signing-keys", { bootstrapPublicKeyPem: config.signingPublicKey });

// Certificate for the custom host name, when there is one.
const customDomain =
  config.domainName === undefined || config.hostedZone === undefined
    ? undefined
    : new CustomDomain("custom-domain", { domainName: config.domainName, hostedZone: config.hostedZone });

// Access logs, when asked for.
const accessLogs = config.logging
  ? new AccessLogBucket("access-logs", { forceDestroy: config.forceDestroy, retentionDays: 90 })
  : undefined;

// The revocation guard: revoked link ids, and the function that refuses their URLs at the edge. Its
// account-global names are made unique by the files bucket's name (unique in all of S3).
const guard = new EdgeGuard("edge-guard", {
  supportContact: config.supportContact,
  organisationName: config.organisationName,
  ...(config.legacyLinksUntil ? { legacyLinksUntil: config.legacyLinksUntil } : {}),
  uniqueName: files.bucketName,
});

// File requests' upload API is routed on the files host to the portal (docs/requests.md#the-upload-api):
// its host must be known before the distribution, so it is the portal's own domain name or portalUrl's host.
const requestApiHost = config.portal?.domainName ?? (config.portalUrl === undefined ? undefined : new URL(config.portalUrl).host);
const bucketOrigin = pulumi.interpolate`https://${files.bucketName}.s3.${aws.getRegionOutput().region}.amazonaws.com`;

// The distribution: signed URLs only, HTTPS only.
const cdn = new SignedDistribution(
  "cdn",
  {
    bucket: files,
    originPrefix: config.originPrefix,
    keyGroupId: signingKeys.keyGroupId,
    priceClass: config.priceClass,
    supportContact: config.supportContact,
    organisationName: config.organisationName,
    geoAllowlist: config.geoAllowlist,
    webAclArn: config.webAclArn,
    ipv6: config.ipv6,
    customDomain:
      customDomain === undefined
        ? undefined
        : { domainName: customDomain.domainName, certificateArn: customDomain.certificateArn },
    logBucketDomainName: accessLogs?.domainName,
    logBucketReady: accessLogs?.ready,
    viewerRequestFunctionArn: guard.functionArn,
    ...(requestApiHost === undefined ? {} : { requestApiHost, uploadOrigin: bucketOrigin }),
  },
);

// Download activity: every request of the distribution, delivered as JSON lines to a private bucket (docs/activity.md).
const activityLogs = config.activityLogs
  ? new ActivityLogs("activity-logs", { distributionArn: cdn.arn, forceDestroy: config.forceDestroy, retentionDays: config.activityRetentionDays })
  : undefined;

// Malware scanning, when asked for: GuardDuty tags each file it scans (docs/scanning.md).
const malwareProtection = config.malwareScanning
  ? new MalwareProtection("malware-protection", { bucket: files, originPrefix: config.originPrefix, kmsKeyArn: config.kmsKeyArn })
  : undefined;

// Only this distribution reads the client folder (with scanning on, only the files scanned clean).
new CloudFrontBucketPolicy("files-policy", {
  bucket: files,
  distributionArn: cdn.arn,
  originPrefix: config.originPrefix,
  scannerRoleArn: malwareProtection?.roleArn,
});

// The public host name points at the distribution.
if (customDomain !== undefined) {
  new DomainAliases("custom-domain-aliases", {
    domainName: customDomain.domainName,
    zoneId: customDomain.zoneId,
    distributionDomainName: cdn.domainName,
    distributionHostedZoneId: cdn.hostedZoneId,
    ipv6: config.ipv6,
  });
}

const signingKeySecret = deriveSecretName(pulumi.getProject(), pulumi.getStack());
const portalSecrets = portalSecretNames(pulumi.getProject(), pulumi.getStack());

// What the portal and the rotation tool may do.
const access = new AccessPolicies("access", {
  bucketArn: files.arn,
  distributionArn: cdn.arn,
  originPrefix: config.originPrefix,
  signingKeySecretName: signingKeySecret,
  kmsKeyArn: config.kmsKeyArn,
  revocationStoreArn: guard.storeArn,
  mailSender: config.mailSender,
  portalSecretNames: config.portal === undefined ? undefined : [portalSecrets.session, portalSecrets.oidcClient],
  malwareScanning: config.malwareScanning,
  portalPrincipals: config.portalPrincipals,
  rotationPrincipals: config.rotationPrincipals,
  ...(activityLogs === undefined ? {} : { activityLogBucketArn: activityLogs.bucketArn }),
});

// Outputs read by lib/config (below), which also configure the deployed portal.
const outputs = {
  bucketName: files.bucketName,
  originPrefix: config.originPrefix,
  distributionId: cdn.distributionId,
  distributionDomainName: cdn.domainName,
  publicUrl: pulumi.interpolate`https://${config.domainName ?? cdn.domainName}`,
  keyGroupId: signingKeys.keyGroupId,
  bootstrapPublicKeyId: signingKeys.bootstrapPublicKeyId,
  signingKeySecretName: signingKeySecret,
  portalPolicyArn: access.portalPolicyArn,
  rotationPolicyArn: access.rotationPolicyArn,
  // The portal, `links revoke` and `rotate-keys` write revoked link ids here (SHARE_REVOCATION_STORE_ARN).
  revocationStoreArn: guard.storeArn,
  region: aws.getRegionOutput().region,
  // For the rotation tool's edge probe and for operators.
  probeObjectKey: probeKeyFor(config.originPrefix),
  probePath: PROBE_PATH,
  // The tools and the portal refuse IP-restricted links when this is true (lib/config: SHARE_IPV6).
  ipv6Enabled: config.ipv6,
  // The portal and `remind` send e-mail through Amazon SES as this address (lib/config: SHARE_MAIL_FROM).
  ...(config.mailSender === undefined ? {} : { mailSender: config.mailSender }),
  // The portal and the tools read scan statuses from GuardDuty's tags and ask for on-demand scans (lib/config: SHARE_SCANNER).
  ...(malwareProtection === undefined ? {} : { malwareScanner: "guardduty" }),
};

// The portal on AWS Lambda, when `portal: true` (infra/portal-service.ts): its own host name, the portal
// policy only, configured from this stack's own outputs.
const portal =
  config.portal === undefined
    ? undefined
    : new PortalService("portal", {
        config: config.portal,
        outputs,
        portalPolicyArn: access.portalPolicyArn,
        secretNames: portalSecrets,
        ...(activityLogs === undefined ? {} : { activityLogBucketName: activityLogs.bucketName }),
      });

// Browsers on the portal send upload parts straight to the bucket (presigned URLs), when the portal's URL is
// known: the deployed portal's own address, else signed-share:portalUrl (a portal you run yourself).
// File requests' upload pages (on the files host) send theirs there too, when the upload API is routed.
const uploadOrigin = portal?.url ?? config.portalUrl;
if (uploadOrigin !== undefined || requestApiHost !== undefined) {
  // One bucket configuration call at a time (S3 answers OperationAborted otherwise): after the lock-down.
  new UploadCors(
    "files-upload-cors",
    {
      bucket: files.bucketName,
      ...(uploadOrigin === undefined ? {} : { portalOrigin: uploadOrigin }),
      ...(requestApiHost === undefined ? {} : { filesOrigin: outputs.publicUrl }),
    },
    { dependsOn: files.lockedDown },
  );
}

// Outputs read by lib/config (`pulumi stack output --json > stack.json`, then SHARE_CONFIG=stack.json).
// One object (`export =`) so that outputs of features that are off are absent: an exported `undefined`
// makes every `pulumi up` warn "Undefined value (...) will not show as a stack output".
export = {
  ...outputs,
  ...(accessLogs === undefined ? {} : { accessLogBucketName: accessLogs.bucketName }),
  // The portal and `signed-share links activity` read download activity here (SHARE_ACTIVITY_LOG_BUCKET).
  ...(activityLogs === undefined ? {} : { activityLogBucketName: activityLogs.bucketName }),
  // With SSE-KMS: add this statement to the key's policy, or CloudFront cannot decrypt the files.
  ...(config.kmsKeyArn === undefined
    ? {}
    : { kmsKeyPolicyStatement: cdn.arn.apply((arn) => JSON.stringify(cloudFrontKmsStatement(arn), null, 2)) }),
  ...(malwareProtection === undefined ? {} : { malwareProtectionPlanArn: malwareProtection.planArn }),
  // The deployed portal (docs/production-portal.md): where people open it, and where its logs are.
  ...(portal === undefined
    ? {}
    : { portalUrl: portal.url, portalFunctionName: portal.functionName, portalLogGroupName: portal.logGroupName }),
};
