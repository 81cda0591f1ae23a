// The portal on AWS Lambda (infra/portal-service.ts), through the whole program under Pulumi mocks.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, test } from "vitest";
import type { PolicyDocument } from "../../infra/policy-documents.js";
import { PORTAL_SETTINGS_FROM_OUTPUTS } from "../../infra/portal-service.js";
import { STACK_OUTPUTS } from "../../lib/config.js";
import { ACCOUNT_ID, API_GATEWAY_ZONE_ID, HOSTED_ZONE_ID, KVS_ARN, PORTAL_API_ID, REGION, minimalConfig, promiseOf, runProgram, type ProgramRun, type RecordedFolderArchive, type Registered } from "./harness.js";

const SECRET_ARN = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}-AbCdEf`;
const SESSION_SECRET_NAME = "signed-share/dev/portal-session";
const OIDC_SECRET_NAME = "signed-share/dev/portal-oidc-client";
const OIDC_CLIENT_SECRET = "oidc-client-secret-from-stack-config";

function portalPolicy(run: ProgramRun): PolicyDocument {
  return JSON.parse(run.ofType("aws:iam/policy:Policy").find((p) => p.name === "access-portal")!.inputs.policy) as PolicyDocument;
}

/** A secret the mocks saw: Pulumi's wire form of a secret value. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
function unwrapSecret(value: unknown): { secret: boolean; value: unknown } {
  if (typeof value === "object" && value !== null && (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === SECRET_SIG) {
    return { secret: true, value: (value as { value: unknown }).value };
  }
  return { secret: false, value };
}

async function archiveFiles(fn: Registered): Promise<Record<string, string>> {
  return (fn.inputs.code as RecordedFolderArchive).files;
}

async function outputsOf(run: ProgramRun): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(run.program)) values[name] = pulumi.Output.isInstance(value) ? await promiseOf(value as pulumi.Output<unknown>) : value;
  return values;
}

test("without portal: true there is no function, no API, no portal secret, and no portal outputs", async () => {
  const run = await runProgram(minimalConfig());
  expect(run.ofType("aws:lambda/function:Function")).toEqual([]);
  expect(run.resources.filter((r) => r.type.startsWith("aws:apigatewayv2/"))).toEqual([]);
  expect(run.ofType("aws:secretsmanager/secret:Secret")).toEqual([]);
  expect(run.program.portalUrl).toBeUndefined();
  expect(run.program.portalFunctionName).toBeUndefined();
  expect(portalPolicy(run).Statement.map((s) => s.Sid)).not.toContain("ReadPortalSecrets");
});

describe("portal: true, without a host name of its own", () => {
  let run: ProgramRun;
  let fn: Registered;
  let env: Record<string, string>;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), portal: "true" });
    fn = run.one("aws:lambda/function:Function");
    env = fn.inputs.environment.variables as Record<string, string>;
  }, 180_000);

  test("runs the bundled handler on the current Node.js LTS, arm64, inside API Gateway's 30 s", async () => {
    expect(fn.inputs).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"], handler: "lambda.handler", memorySize: 1024, timeout: 29 });
    const files = await archiveFiles(fn);
    expect(Object.keys(files).sort()).toEqual(["lambda.js", "package.json", "signing-worker.js"]);
    expect(files["lambda.js"]).toMatch(/\bhandler\b/);
    expect(JSON.parse(files["package.json"]!)).toMatchObject({ type: "commonjs" });
    expect(run.one("aws:apigatewayv2/integration:Integration").inputs).toMatchObject({
      integrationType: "AWS_PROXY",
      integrationUri: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:portal-function-0a1b2c3`,
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: 30_000,
    });
  });

  test("the role has the portal policy attached and nothing else but writing its own log group", () => {
    const role = run.one("aws:iam/role:Role");
    expect(JSON.parse(role.inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(fn.inputs.role).toBe(`arn:aws:iam::${ACCOUNT_ID}:role/portal-role-0a1b2c3`);
    const attachments = run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(attachments.map((a) => a.inputs)).toEqual([{ role: "portal-role-0a1b2c3", policyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/access-portal` }]);
    const inline = run.ofType("aws:iam/rolePolicy:RolePolicy");
    expect(inline).toHaveLength(1);
    expect(JSON.parse(inline[0]!.inputs.policy).Statement).toEqual([
      { Sid: "WriteOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/signed-share/dev/portal:*` },
    ]);
  });

  test("the portal policy lets it read its own secrets, by name", () => {
    const read = portalPolicy(run).Statement.find((s) => s.Sid === "ReadPortalSecrets");
    expect(read).toEqual({
      Sid: "ReadPortalSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [`arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${SESSION_SECRET_NAME}-??????`, `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${OIDC_SECRET_NAME}-??????`],
    });
  });

  test("the session secret is generated once, write-only and secret, and only its ARN reaches the function", async () => {
    const secret = run.one("aws:secretsmanager/secret:Secret");
    expect(secret.inputs).toMatchObject({ name: SESSION_SECRET_NAME, recoveryWindowInDays: 0 });
    const version = run.one("aws:secretsmanager/secretVersion:SecretVersion");
    expect(version.inputs.secretString).toBeUndefined();
    expect(version.inputs.secretStringWoVersion).toBe(1);
    expect(version.opts.ignoreChanges).toEqual(["secretStringWo"]);
    const generated = unwrapSecret(version.inputs.secretStringWo);
    expect(generated.secret).toBe(true);
    expect(generated.value).toMatch(/^[\w-]{64}$/);

    expect(env.PORTAL_SESSION_SECRET_ID).toBe(SECRET_ARN(SESSION_SECRET_NAME));
    expect(env).not.toHaveProperty("PORTAL_SESSION_SECRET");
    const everything = JSON.stringify({ env, outputs: await outputsOf(run) });
    expect(everything).not.toContain(generated.value as string);
  });

  test("the configuration comes from the stack's own outputs, under lib/config's names", async () => {
    // activityLogBucketName exists only with activityLogs: true and is passed on by itself (test/infra/activity-logs.test.ts).
    const fromOutputs = Object.fromEntries(Object.entries(STACK_OUTPUTS).filter(([output]) => output !== "region" && output !== "activityLogBucketName"));
    expect(PORTAL_SETTINGS_FROM_OUTPUTS).toEqual(fromOutputs);
    const outputs = await outputsOf(run);
    // A boolean output (ipv6Enabled) arrives as "true"/"false", as lib/config reads it from an outputs file.
    for (const [output, setting] of Object.entries(PORTAL_SETTINGS_FROM_OUTPUTS)) {
      if (output === "mailSender" || output === "malwareScanner") expect(env).not.toHaveProperty(setting); // optional outputs, absent here
      else expect(env[setting], setting).toBe(String(outputs[output]));
    }
    expect(env).toMatchObject({ SHARE_KEY_STORE: "secretsmanager", SHARE_BUCKET: "files-0a1b2c3", SHARE_PREFIX: "client_files", SHARE_IPV6: "false", SHARE_REVOCATION_STORE_ARN: KVS_ARN });
    // Revoking a link writes its id to the edge guard's KeyValueStore: the portal policy allows exactly that store.
    expect(portalPolicy(run).Statement).toContainEqual(expect.objectContaining({ Sid: "WriteRevocationList", Effect: "Allow", Resource: KVS_ARN }));
    expect(env).not.toHaveProperty("AWS_REGION"); // Lambda's own, reserved
    expect(env).not.toHaveProperty("PORTAL_TRUST_PROXY"); // the client address is API Gateway's
  });

  test("HTTPS only, on the API's own host name, never the files' host; PORTAL_URL is that address", async () => {
    const api = run.one("aws:apigatewayv2/api:Api");
    expect(api.inputs).toMatchObject({ protocolType: "HTTP", disableExecuteApiEndpoint: false, ipAddressType: "dualstack" });
    const portalUrl = await promiseOf(run.program.portalUrl!);
    expect(portalUrl).toBe(`https://${PORTAL_API_ID}.execute-api.${REGION}.amazonaws.com`);
    expect(env.PORTAL_URL).toBe(portalUrl);
    const publicUrl = await promiseOf(run.program.publicUrl);
    expect(new URL(portalUrl).host).not.toBe(new URL(publicUrl).host);
    expect(run.ofType("aws:acm/certificate:Certificate")).toEqual([]);
  });

  test("the bucket's upload CORS origin is the deployed portal's address (browsers there PUT upload parts)", async () => {
    const cors = run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs;
    expect(cors.corsRules).toEqual([expect.objectContaining({ allowedOrigins: [await promiseOf(run.program.portalUrl!)], allowedMethods: ["PUT"] })]);
  });

  test("API Gateway may invoke the function, through the $default route and an auto-deployed, throttled stage", () => {
    expect(run.one("aws:lambda/permission:Permission").inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: "portal-function-0a1b2c3",
      principal: "apigateway.amazonaws.com",
      sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${PORTAL_API_ID}/*/*`,
    });
    expect(run.one("aws:apigatewayv2/route:Route").inputs).toMatchObject({ routeKey: "$default", target: "integrations/portal-integration-id" });
    expect(run.one("aws:apigatewayv2/stage:Stage").inputs).toMatchObject({
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    });
  });

  test("logs go to a log group with a retention, and the outputs name the function", async () => {
    expect(run.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({ name: "/signed-share/dev/portal", retentionInDays: 30 });
    expect(fn.inputs.loggingConfig).toEqual({ logFormat: "Text", logGroup: "/signed-share/dev/portal" });
    expect(await promiseOf(run.program.portalFunctionName!)).toBe("portal-function-0a1b2c3");
    expect(await promiseOf(run.program.portalLogGroupName!)).toBe("/signed-share/dev/portal");
  });
});

describe("portal: true with its own host name, OIDC and a files host name", () => {
  let run: ProgramRun;
  let env: Record<string, string>;
  beforeAll(async () => {
    run = await runProgram(
      {
        ...minimalConfig(),
        domainName: "files.example.com",
        portal: "true",
        portalDomainName: "share-admin.example.com",
        portalLogRetentionDays: "90",
        portalOidcIssuer: "https://login.example.com",
        portalOidcClientId: "signed-share",
        portalOidcClientSecret: OIDC_CLIENT_SECRET,
        portalOidcAllowedDomains: "example.com",
        portalOidcAdminGroups: "share-admins",
      },
      { secretKeys: ["portalOidcClientSecret"] },
    );
    env = run.one("aws:lambda/function:Function").inputs.environment.variables as Record<string, string>;
  }, 180_000);

  test("the portal's certificate is in the stack's region (regional API Gateway), the files' in us-east-1 (CloudFront)", () => {
    const certificates = run.ofType("aws:acm/certificate:Certificate").map((c) => c.inputs);
    expect(certificates).toContainEqual(expect.objectContaining({ domainName: "share-admin.example.com", validationMethod: "DNS", region: REGION }));
    expect(certificates).toContainEqual(expect.objectContaining({ domainName: "files.example.com", region: "us-east-1" }));
    const validations = run.ofType("aws:acm/certificateValidation:CertificateValidation").map((v) => v.inputs);
    expect(validations).toContainEqual(expect.objectContaining({ region: REGION, certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/0000-cert` }));
  });

  test("a regional custom domain with TLS 1.2, mapped to the stage, with A and AAAA aliases in the zone", () => {
    const domain = run.one("aws:apigatewayv2/domainName:DomainName");
    expect(domain.inputs).toEqual({
      domainName: "share-admin.example.com",
      domainNameConfiguration: {
        certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/0000-cert`,
        endpointType: "REGIONAL",
        securityPolicy: "TLS_1_2",
        ipAddressType: "dualstack",
      },
    });
    expect(run.one("aws:apigatewayv2/apiMapping:ApiMapping").inputs).toEqual({ apiId: "portal-api-id", domainName: "portal-api-domain-id", stage: "$default" });
    const aliases = run.ofType("aws:route53/record:Record").filter((r) => r.inputs.name === "share-admin.example.com");
    expect(aliases.map((r) => r.inputs.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of aliases) {
      expect(record.inputs).toMatchObject({
        zoneId: HOSTED_ZONE_ID,
        aliases: [{ name: `d-${PORTAL_API_ID}.execute-api.${REGION}.amazonaws.com`, zoneId: API_GATEWAY_ZONE_ID, evaluateTargetHealth: false }],
      });
    }
  });

  test("the execute-api address is closed and the portal's URL is its own host name, not the files'", async () => {
    expect(run.one("aws:apigatewayv2/api:Api").inputs.disableExecuteApiEndpoint).toBe(true);
    expect(await promiseOf(run.program.portalUrl!)).toBe("https://share-admin.example.com");
    expect(env.PORTAL_URL).toBe("https://share-admin.example.com");
    expect(await promiseOf(run.program.publicUrl)).toBe("https://files.example.com");
    const cors = run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs;
    expect(cors.corsRules[0].allowedOrigins).toEqual(["https://share-admin.example.com"]);
  });

  test("OIDC settings reach the function; the client secret only through Secrets Manager", async () => {
    expect(env).toMatchObject({
      OIDC_ISSUER: "https://login.example.com",
      OIDC_CLIENT_ID: "signed-share",
      OIDC_CLIENT_SECRET_ID: SECRET_ARN(OIDC_SECRET_NAME),
      OIDC_ALLOWED_DOMAINS: "example.com",
      OIDC_ADMIN_GROUPS: "share-admins",
    });
    expect(env).not.toHaveProperty("OIDC_CLIENT_SECRET");
    const versions = run.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    const oidc = versions.find((v) => v.name === "portal-oidc-client-secret-value")!;
    expect(unwrapSecret(oidc.inputs.secretString)).toEqual({ secret: true, value: OIDC_CLIENT_SECRET });
    expect(JSON.stringify({ env, outputs: await outputsOf(run) })).not.toContain(OIDC_CLIENT_SECRET);
    expect(env.PORTAL_SECRETS_VERSION).toBe("portal-session-secret-value-version-1,portal-oidc-client-secret-value-version-1");
  });

  test("the log retention follows the stack config", () => {
    expect(run.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(90);
  });
});

test("with mailSender the deployed portal sends through SES as that address (SHARE_MAIL_FROM from the output)", async () => {
  const run = await runProgram({ ...minimalConfig(), portal: "true", mailSender: "shares@example.com" });
  const fn = run.one("aws:lambda/function:Function");
  expect((fn.inputs.environment.variables as Record<string, string>).SHARE_MAIL_FROM).toBe("shares@example.com");
});
