// Runs infra/index.ts against Pulumi mocks (no CLI, no AWS) and records what it registers.
import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";

export const ACCOUNT_ID = "123456789012";
export const REGION = "eu-central-1";
export const DISTRIBUTION_ARN = `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E2QWRUHEXAMPLE`;
export const DISTRIBUTION_DOMAIN = "d111111abcdef8.cloudfront.net";
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";
export const HOSTED_ZONE_ID = "Z0HOSTEDZONE42";
export const KVS_ARN = `arn:aws:cloudfront::${ACCOUNT_ID}:key-value-store/0f5c2a4e-1b2c-4d5e-8f90-123456789abc`;
export const PORTAL_API_ID = "a1b2c3d4e5";
export const API_GATEWAY_ZONE_ID = "Z1U9ULNL0V5AJ3";

/** A P-256 public key in SPKI PEM, the format `npm run keys:init` writes into stack config. */
export const TEST_PUBLIC_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .publicKey.export({ type: "spki", format: "pem" })
  .toString();

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Resource options as the program passed them (seen through a stack transformation). */
  opts: pulumi.CustomResourceOptions;
}

/** A folder archive (pulumi.asset.FileArchive) as the engine reads it at registration: its path and its files. */
export interface RecordedFolderArchive {
  folderArchive: true;
  path: string;
  files: Record<string, string>;
}

/**
 * Inputs with every folder archive read the way the engine reads one when the resource registers (its
 * files, by path relative to the folder), after which the program removes the folder when it exits
 * (infra/portal-service.ts); under mocks the program does not exit, so the harness removes it here.
 */
async function readFolderArchives(inputs: Record<string, any>): Promise<Record<string, any>> {
  const out: Record<string, any> = { ...inputs };
  for (const [name, value] of Object.entries(inputs)) {
    if (!(value instanceof pulumi.asset.FileArchive)) continue;
    const path = await value.path;
    const files: Record<string, string> = {};
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(path.length + 1)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
    }
    rmSync(path, { recursive: true, force: true });
    out[name] = { folderArchive: true, path, files } satisfies RecordedFolderArchive;
  }
  return out;
}

export interface Invocation {
  token: string;
  inputs: Record<string, any>;
}

type Program = typeof import("../../infra/index.js");

export interface ProgramRun {
  resources: Registered[];
  invocations: Invocation[];
  program: Program;
  /** Every registered resource of one type token, e.g. "aws:s3/bucketPolicy:BucketPolicy". */
  ofType(type: string): Registered[];
  /** The single resource of a type; fails the test when there is not exactly one. */
  one(type: string): Registered;
}

/** The value inside an Output (mocks resolve every value, none is unknown). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

export function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (type) {
    case "aws:s3/bucket:Bucket": {
      const bucket = `${name}-0a1b2c3`;
      return {
        bucket,
        arn: `arn:aws:s3:::${bucket}`,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${REGION}.amazonaws.com`,
      };
    }
    case "aws:cloudfront/distribution:Distribution":
      return { arn: DISTRIBUTION_ARN, domainName: DISTRIBUTION_DOMAIN, hostedZoneId: CLOUDFRONT_ZONE_ID };
    case "aws:acm/certificate:Certificate":
      return {
        arn: `arn:aws:acm:${inputs.region ?? "us-east-1"}:${ACCOUNT_ID}:certificate/0000-cert`,
        domainValidationOptions: [
          {
            domainName: inputs.domainName,
            resourceRecordName: `_abc.${inputs.domainName}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: "_def.acm-validations.aws.",
          },
        ],
      };
    case "aws:acm/certificateValidation:CertificateValidation":
      return { certificateArn: inputs.certificateArn };
    case "aws:route53/record:Record":
      return { fqdn: String(inputs.name).replace(/\.$/, "") };
    case "aws:cloudwatch/logDeliverySource:LogDeliverySource":
      return { name: inputs.name ?? `${name}-1a2b3c`, arn: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-source:${name}-1a2b3c` };
    case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination":
      return { name: inputs.name ?? `${name}-4d5e6f`, arn: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-destination:${name}-4d5e6f` };
    case "aws:cloudfront/keyValueStore:KeyValueStore":
      return { arn: KVS_ARN };
    case "aws:cloudfront/function:Function":
      return { arn: `arn:aws:cloudfront::${ACCOUNT_ID}:function/${inputs.name}` };
    case "aws:iam/policy:Policy":
      return { arn: `arn:aws:iam::${ACCOUNT_ID}:policy/${name}` };
    case "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan":
      return { arn: `arn:aws:guardduty:${REGION}:${ACCOUNT_ID}:malware-protection-plan/${name}-0a1b2c3`, status: "ACTIVE" };
    // The portal on Lambda (infra/portal-service.ts).
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}-0a1b2c3`, name: `${name}-0a1b2c3` };
    case "aws:secretsmanager/secret:Secret":
      return { arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${inputs.name}-AbCdEf` };
    case "aws:secretsmanager/secretVersion:SecretVersion":
      return { versionId: `${name}-version-1` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${inputs.name}` };
    case "aws:lambda/function:Function":
      return { arn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}-0a1b2c3`, name: `${name}-0a1b2c3` };
    case "aws:apigatewayv2/api:Api":
      return { apiEndpoint: `https://${PORTAL_API_ID}.execute-api.${REGION}.amazonaws.com`, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${PORTAL_API_ID}` };
    case "aws:apigatewayv2/domainName:DomainName":
      return { domainNameConfiguration: { ...inputs.domainNameConfiguration, targetDomainName: `d-${PORTAL_API_ID}.execute-api.${REGION}.amazonaws.com`, hostedZoneId: API_GATEWAY_ZONE_ID } };
    default:
      return {};
  }
}

function invokeResult(token: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/ops`, userId: "AIDEXAMPLE", id: ACCOUNT_ID };
    case "aws:index/getRegion:getRegion":
      return { region: REGION, name: REGION, endpoint: `ec2.${REGION}.amazonaws.com`, id: REGION };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:route53/getZone:getZone":
      return { zoneId: HOSTED_ZONE_ID, name: inputs.name, id: HOSTED_ZONE_ID };
    default:
      throw new Error(`unexpected invoke in infra test: ${token}`);
  }
}

/** Runs the program with this `signed-share:*` configuration (keys without the namespace); `secretKeys` were set with --secret. */
export async function runProgram(config: Record<string, string>, run: { secretKeys?: string[] } = {}): Promise<ProgramRun> {
  const resources: Registered[] = [];
  const invocations: Invocation[] = [];
  const options = new Map<string, pulumi.CustomResourceOptions>();

  vi.resetModules();
  await pulumi.runtime.setMocks(
    {
      async newResource(args) {
        const inputs = await readFolderArchives(args.inputs);
        resources.push({ type: args.type, name: args.name, inputs, opts: options.get(`${args.type}::${args.name}`) ?? {} });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computedState(args.type, args.name, args.inputs) } };
      },
      call(args) {
        invocations.push({ token: args.token, inputs: args.inputs });
        return invokeResult(args.token, args.inputs);
      },
    },
    "signed-share",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`signed-share:${k}`, v])),
    (run.secretKeys ?? []).map((k) => `signed-share:${k}`),
  );

  let program: Program | undefined;
  // Run inside a stack like the CLI does, so a stack transformation can observe each resource's options.
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      options.set(`${args.type}::${args.name}`, args.opts);
      return undefined;
    });
    program = await import("../../infra/index.js");
    return undefined;
  });
  if (program === undefined) throw new Error("program did not load");
  await pulumi.runtime.disconnect();

  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    invocations,
    program,
    ofType,
    one(type) {
      const found = ofType(type);
      if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
      return found[0]!;
    },
  };
}

/** Only imports the program under mocks (no stack): for a program expected to throw while loading. */
export async function importProgram(config: Record<string, string>): Promise<Program> {
  vi.resetModules();
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "signed-share", "dev", false);
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`signed-share:${k}`, v])));
  return import("../../infra/index.js");
}

/** The minimal valid configuration: only the required key. */
export const minimalConfig = (): Record<string, string> => ({ signingPublicKey: TEST_PUBLIC_KEY });
