// The portal on AWS Lambda behind API Gateway's HTTP API, on its own HTTPS host name (docs/production-portal.md).
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CustomDomain } from "./custom-domain";
import type { PortalStackConfig } from "./portal-config";
import { bundle, DIST_PACKAGE_JSON, LAMBDA_ENTRIES } from "../build/portal-bundle";

/** Current Node.js LTS on Lambda; the bundle targets Node 20, so any later runtime runs it. */
export const PORTAL_RUNTIME = "nodejs24.x";
export const PORTAL_ARCHITECTURE = "arm64";
/** API Gateway stops waiting after 30 s; the function stops just before, so its own log says why. */
export const PORTAL_TIMEOUT_SECONDS = 29;
/** Lambda gives CPU in proportion to memory: 1769 MB is one full vCPU; 1024 MB signs a few hundred links in about a second. */
export const PORTAL_MEMORY_MB = 1024;

/** Stack output → the portal setting it supplies: the same table as lib/config.ts STACK_OUTPUTS (tested). */
export const PORTAL_SETTINGS_FROM_OUTPUTS = {
  bucketName: "SHARE_BUCKET",
  originPrefix: "SHARE_PREFIX",
  publicUrl: "SHARE_PUBLIC_URL",
  distributionId: "SHARE_DISTRIBUTION_ID",
  signingKeySecretName: "SHARE_SIGNING_KEY_SECRET",
  keyGroupId: "SHARE_KEY_GROUP_ID",
  bootstrapPublicKeyId: "SHARE_BOOTSTRAP_PUBLIC_KEY_ID",
  ipv6Enabled: "SHARE_IPV6",
  // Where revoking a link writes its id for the edge guard (the portal policy may update this store).
  revocationStoreArn: "SHARE_REVOCATION_STORE_ARN",
  // The From address of e-mail through Amazon SES (stack setting mailSender); absent when not set.
  mailSender: "SHARE_MAIL_FROM",
  // "guardduty" when the stack setting malwareScanning is on (docs/scanning.md); absent when off.
  malwareScanner: "SHARE_SCANNER",
} as const;

type OptionalOutput = "mailSender" | "malwareScanner";

/** The stack outputs the portal reads (a boolean output becomes "true"/"false", as in an outputs file). */
export type PortalStackOutputs = { [K in Exclude<keyof typeof PORTAL_SETTINGS_FROM_OUTPUTS, OptionalOutput>]: pulumi.Input<string | boolean> } & {
  [K in OptionalOutput]?: pulumi.Input<string>;
};

export interface PortalServiceArgs {
  config: PortalStackConfig;
  /** The stack's own outputs the portal runs against (AWS_REGION is Lambda's own). */
  outputs: PortalStackOutputs;
  /** The portal policy (infra/access-policies.ts): the function's only permissions besides its log group. */
  portalPolicyArn: pulumi.Input<string>;
  /** Secret names from infra/naming.ts, the ones the portal policy lets it read. */
  secretNames: { session: string; oidcClient: string };
  /** The download-activity log bucket (stack output activityLogBucketName), when activity logging is on. */
  activityLogBucketName?: pulumi.Input<string>;
}

/** Folders to remove when the process exits: one exit listener per process, however often the program is loaded. */
function removeAtExit(dir: string): void {
  const key = Symbol.for("signed-share.portal-lambda-folders");
  const registry = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  let folders = registry[key];
  if (folders === undefined) {
    const created = new Set<string>();
    folders = registry[key] = created;
    process.once("exit", () => {
      for (const folder of created) rmSync(folder, { recursive: true, force: true });
    });
  }
  folders.add(dir);
}

/**
 * The Lambda code: the handler and the signing worker, bundled at `pulumi up` from the checkout into a
 * fresh private temporary folder, and handed to Pulumi as that folder. The state then keeps the folder's
 * path and the hash of its contents (the same bytes give the same hash, whatever the folder: an unchanged
 * portal is no change), never the 5 MB of text that string assets put into every checkpoint. The engine
 * reads the folder before it answers the function's registration, so the folder goes when the program exits.
 */
export function portalCodeArchive(): pulumi.Output<pulumi.asset.FileArchive> {
  return pulumi.output(bundle({ entries: LAMBDA_ENTRIES })).apply((files) => {
    const dir = mkdtempSync(join(tmpdir(), "signed-share-portal-lambda-"));
    removeAtExit(dir);
    for (const file of files) writeFileSync(join(dir, file.name), file.text);
    writeFileSync(join(dir, "package.json"), DIST_PACKAGE_JSON);
    return new pulumi.asset.FileArchive(dir);
  });
}

export class PortalService extends pulumi.ComponentResource {
  /** https://… where people open the portal: the custom host name, else the HTTP API's execute-api address. */
  readonly url: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: PortalServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:portal:PortalService", name, {}, opts);
    const parent = { parent: this };
    const { config } = args;
    const region = aws.getRegionOutput({}, parent).region;

    // The session secret: generated here once, sent write-only (kept encrypted in the state's inputs, never
    // in outputs, the environment or logs). Later runs generate another value but change nothing; replace
    // this resource to rotate it (every session ends).
    const sessionSecret = new aws.secretsmanager.Secret(
      `${name}-session-secret`,
      { name: args.secretNames.session, description: "signed-share portal: session and CSRF signing key", recoveryWindowInDays: 0 },
      parent,
    );
    const sessionSecretVersion = new aws.secretsmanager.SecretVersion(
      `${name}-session-secret-value`,
      { secretId: sessionSecret.id, secretStringWo: pulumi.secret(randomBytes(48).toString("base64url")), secretStringWoVersion: 1 },
      { ...parent, ignoreChanges: ["secretStringWo"] },
    );

    let oidcSecret: { arn: pulumi.Output<string>; versionId: pulumi.Output<string> } | undefined;
    if (config.oidc !== undefined) {
      const secret = new aws.secretsmanager.Secret(
        `${name}-oidc-client-secret`,
        { name: args.secretNames.oidcClient, description: "signed-share portal: OIDC client secret (from stack config)", recoveryWindowInDays: 0 },
        parent,
      );
      const version = new aws.secretsmanager.SecretVersion(
        `${name}-oidc-client-secret-value`,
        { secretId: secret.id, secretString: pulumi.secret(config.oidc.clientSecret) },
        parent,
      );
      oidcSecret = { arn: secret.arn, versionId: version.versionId };
    }

    // The JSON lines the portal writes, kept for the configured time.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/signed-share/${pulumi.getStack()}/portal`, retentionInDays: config.logRetentionDays },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `signed-share ${pulumi.getStack()}: the portal's Lambda function`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      },
      parent,
    );
    const portalPolicy = new aws.iam.RolePolicyAttachment(`${name}-portal-policy`, { role: role.name, policyArn: args.portalPolicyArn }, parent);
    // Instead of AWSLambdaBasicExecutionRole (any log group): write to this log group only.
    const logging = new aws.iam.RolePolicy(
      `${name}-logging`,
      {
        role: role.name,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "WriteOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:*` }],
          }),
        ),
      },
      parent,
    );

    // HTTPS only: API Gateway serves execute-api and custom domains over TLS, never plain HTTP.
    const api = new aws.apigatewayv2.Api(
      `${name}-api`,
      {
        protocolType: "HTTP",
        description: `signed-share ${pulumi.getStack()}: portal`,
        ipAddressType: "dualstack",
        // With a custom host name, the execute-api address is closed: one origin for cookies and OIDC redirects.
        disableExecuteApiEndpoint: config.domainName !== undefined,
      },
      parent,
    );

    const url = config.domainName !== undefined ? pulumi.output(`https://${config.domainName}`) : api.apiEndpoint;
    const oidc = config.oidc;
    const environment: Record<string, pulumi.Input<string>> = {
      ...Object.fromEntries(
        Object.entries(PORTAL_SETTINGS_FROM_OUTPUTS)
          .filter(([output]) => args.outputs[output as keyof PortalStackOutputs] !== undefined)
          .map(([output, setting]) => [setting, pulumi.output(args.outputs[output as keyof PortalStackOutputs]!).apply(String)]),
      ),
      SHARE_KEY_STORE: "secretsmanager",
      ...(args.activityLogBucketName === undefined ? {} : { SHARE_ACTIVITY_LOG_BUCKET: args.activityLogBucketName }),
      PORTAL_URL: url,
      PORTAL_SESSION_SECRET_ID: sessionSecret.arn,
      // A new value starts new instances, which read the secrets again.
      PORTAL_SECRETS_VERSION: pulumi.all([sessionSecretVersion.versionId, oidcSecret?.versionId ?? ""]).apply((ids) => ids.filter(Boolean).join(",")),
      ...(config.senderName !== undefined ? { PORTAL_SENDER_NAME: config.senderName } : {}),
      ...(oidc !== undefined && oidcSecret !== undefined
        ? {
            OIDC_ISSUER: oidc.issuer,
            OIDC_CLIENT_ID: oidc.clientId,
            OIDC_CLIENT_SECRET_ID: oidcSecret.arn,
            ...(oidc.allowedDomains.length > 0 ? { OIDC_ALLOWED_DOMAINS: oidc.allowedDomains.join(",") } : {}),
            ...(oidc.adminGroups.length > 0 ? { OIDC_ADMIN_GROUPS: oidc.adminGroups.join(",") } : {}),
            ...(oidc.operatorGroups.length > 0 ? { OIDC_OPERATOR_GROUPS: oidc.operatorGroups.join(",") } : {}),
            ...(oidc.groupsClaim !== undefined ? { OIDC_GROUPS_CLAIM: oidc.groupsClaim } : {}),
          }
        : {}),
    };

    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        description: `signed-share ${pulumi.getStack()}: portal`,
        runtime: PORTAL_RUNTIME,
        architectures: [PORTAL_ARCHITECTURE],
        handler: "lambda.handler",
        code: portalCodeArchive(),
        role: role.arn,
        memorySize: PORTAL_MEMORY_MB,
        timeout: PORTAL_TIMEOUT_SECONDS,
        loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
        environment: { variables: environment },
      },
      // Its first cold start may already need to log and to read the bucket and the secrets.
      { ...parent, dependsOn: [portalPolicy, logging] },
    );

    const integration = new aws.apigatewayv2.Integration(
      `${name}-integration`,
      {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationUri: fn.arn,
        payloadFormatVersion: "2.0",
        timeoutMilliseconds: 30_000,
      },
      parent,
    );
    new aws.apigatewayv2.Route(`${name}-route`, { apiId: api.id, routeKey: "$default", target: pulumi.interpolate`integrations/${integration.id}` }, parent);
    const stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        // A ceiling per stage, so that a flood is refused by API Gateway before it costs Lambda time.
        defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
      },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-invoke`,
      { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${api.executionArn}/*/*` },
      parent,
    );

    if (config.domainName !== undefined && config.hostedZone !== undefined) {
      // A regional API Gateway reads its certificate from its own region (CloudFront's is in us-east-1).
      const domain = new CustomDomain(
        `${name}-domain`,
        { domainName: config.domainName, hostedZone: config.hostedZone, certificateRegion: region },
        parent,
      );
      const apiDomain = new aws.apigatewayv2.DomainName(
        `${name}-api-domain`,
        {
          domainName: config.domainName,
          domainNameConfiguration: { certificateArn: domain.certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2", ipAddressType: "dualstack" },
        },
        parent,
      );
      new aws.apigatewayv2.ApiMapping(`${name}-api-mapping`, { apiId: api.id, domainName: apiDomain.id, stage: stage.name }, parent);
      for (const type of ["A", "AAAA"] as const) {
        new aws.route53.Record(
          `${name}-alias-${type.toLowerCase()}`,
          {
            zoneId: domain.zoneId,
            name: config.domainName,
            type,
            aliases: [
              {
                name: apiDomain.domainNameConfiguration.apply((c) => c.targetDomainName ?? ""),
                zoneId: apiDomain.domainNameConfiguration.apply((c) => c.hostedZoneId ?? ""),
                evaluateTargetHealth: false,
              },
            ],
          },
          parent,
        );
      }
    }

    this.url = url;
    this.functionName = fn.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({ url: this.url, functionName: this.functionName });
  }
}
