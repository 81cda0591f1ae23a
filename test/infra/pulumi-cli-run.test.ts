// The program starts the way `pulumi up` / `pulumi preview` start it (see test/support/pulumi-cli-run.ts),
// for a production-like stack and a minimal one: exit 0, nothing logged as a warning or error, and the
// resources with their key properties.
//
// ts-node only transpiles (PULUMI_NODEJS_TRANSPILE_ONLY=true, as for a project with its own type-check
// step): `npm test` type-checks infra/ with `tsc --noEmit` (tsconfig.json includes it; checked below), and a
// type-checking ts-node start costs ~13 s of CPU for the same check. ts-node still reads infra/tsconfig.json
// and reports its option errors (a missing rootDir fails a transpile-only start too). Without a type check
// to share through a warm cache, every start begins when the file does, side by side, and each test awaits
// its own (docs/contributing.md#keeping-the-suite-fast).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { edgeResourceName } from "../../infra/naming.js";
import { guardResponseBody, isGuardResponse, loadGuard, viewerRequestEvent } from "../../lib/edge/guard/guard-runtime.js";
import { runLikePulumiCli, tsNodeCache, UNKNOWN_VALUE, type CliRunResult, type FolderArchive } from "../support/pulumi-cli-run.js";
import { computedState, TEST_PUBLIC_KEY } from "./harness.js";

const ROOT = join(__dirname, "../..");
const caches: { remove(): void }[] = [];
afterAll(() => caches.forEach((cache) => cache.remove()));

const FULL_STACK = {
  "aws:region": "eu-central-1",
  "signed-share:domainName": "files.example.com",
  "signed-share:supportContact": "Example Ltd support (support@example.com)",
  "signed-share:priceClass": "PriceClass_200",
  "signed-share:kmsKeyArn": "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "signed-share:logging": true,
  "signed-share:activityLogs": true,
  "signed-share:activityRetentionDays": 30,
  "signed-share:webAclArn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/signed-share/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
  "signed-share:geoAllowlist": ["GB", "DE", "FR"],
  "signed-share:forceDestroy": false,
  "signed-share:malwareScanning": true,
  "signed-share:signingPublicKey": TEST_PUBLIC_KEY,
  "signed-share:legacyLinksUntil": "2030-01-01T00:00:00Z",
  "signed-share:portalPrincipals": ["arn:aws:iam::123456789012:role/service/share-portal"],
  "signed-share:rotationPrincipals": ["arn:aws:iam::123456789012:group/ops", "arn:aws:iam::123456789012:user/olivia"],
};
const MINIMAL_STACK = { "aws:region": "eu-central-1", "signed-share:signingPublicKey": TEST_PUBLIC_KEY };
/** A stack name AWS would refuse in a CloudFront Function or KeyValueStore name as it is (Pulumi allows `.`). */
const FULL_STACK_NAME = "prod.eu-central";

/** One start of the program, with a ts-node cache of its own (starts run side by side). */
function run(stackConfig: Record<string, unknown>, extra: { dryRun?: boolean; projectYaml?: string; stack?: string; blockedModules?: string[] } = {}) {
  const cache = tsNodeCache();
  caches.push(cache);
  return runLikePulumiCli({ stack: "dev", stackConfig, computed: computedState, tsNodeCacheDir: cache.dir, transpileOnly: true, ...extra });
}

const PROJECT_YAML = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
/** The layout this project had: `main: infra/index.ts`, so the CLI runs from infra/ and looks for infra/infra/tsconfig.json. */
const OLD_LAYOUT_YAML = `${PROJECT_YAML}main: infra/index.ts\n`;

/** The program's starts, begun together before the first test; each test awaits the one it reads. */
let starts: Record<"production" | "minimalUp" | "minimalPreview" | "devPortal" | "oldLayout", Promise<CliRunResult>>;
beforeAll(() => {
  starts = {
    production: run(FULL_STACK, { stack: FULL_STACK_NAME }),
    // esbuild builds the portal's bundle: a stack without the portal must not need it.
    minimalUp: run(MINIMAL_STACK, { blockedModules: ["esbuild"] }),
    minimalPreview: run(MINIMAL_STACK, { dryRun: true }),
    devPortal: run({ ...MINIMAL_STACK, "signed-share:portal": true, "signed-share:activityLogs": true, "signed-share:forceDestroy": true }),
    oldLayout: run(MINIMAL_STACK, { projectYaml: OLD_LAYOUT_YAML }),
  };
  // A failed start fails the test that awaits it, not the file.
  for (const start of Object.values(starts)) start.catch(() => undefined);
});

function expectClean(result: CliRunResult) {
  expect(result.error, `${result.stderr}\n${result.stdout}`).toBeUndefined();
  expect(result.exitCode).toBe(0);
  expect(result.problems()).toEqual([]);
}

/** The production-like run: its tests, and the lifecycle tests after them, read it. */
let result: CliRunResult;

describe("pulumi up, production-like stack", () => {

  test("starts, registers everything and logs no warning or error", async () => {
    result = await starts.production;
    expectClean(result);
  }, 300_000);

  test("the distribution: custom domain, WAF, geo allowlist, logging, price class", () => {
    const cdn = result.one("aws:cloudfront/distribution:Distribution").inputs;
    expect(cdn.aliases).toEqual(["files.example.com"]);
    expect(cdn.webAclId).toBe(FULL_STACK["signed-share:webAclArn"]);
    expect(cdn.restrictions.geoRestriction).toEqual({ restrictionType: "whitelist", locations: ["DE", "FR", "GB"] });
    expect(cdn.loggingConfig.bucket).toMatch(/^access-logs-.*\.s3\.amazonaws\.com$/);
    expect(cdn.priceClass).toBe("PriceClass_200");
    expect(cdn.viewerCertificate.acmCertificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(cdn.defaultCacheBehavior.trustedKeyGroups).toEqual(["signing-keys-id"]);
  });

  test("the revocation guard runs on every signed behaviour, with its KeyValueStore, and never on the error page", () => {
    const cdn = result.one("aws:cloudfront/distribution:Distribution").inputs;
    const guard = result.one("aws:cloudfront/function:Function").inputs;
    expect(guard.runtime).toBe("cloudfront-js-2.0");
    expect(guard.keyValueStoreAssociations).toHaveLength(1);
    const behaviours: { pathPattern?: string; trustedKeyGroups?: string[]; functionAssociations?: { eventType: string }[] }[] = [
      cdn.defaultCacheBehavior,
      ...cdn.orderedCacheBehaviors,
    ];
    for (const behaviour of behaviours) {
      const guarded = (behaviour.functionAssociations ?? []).map((f) => f.eventType);
      expect(guarded, behaviour.pathPattern ?? "default").toEqual(behaviour.trustedKeyGroups ? ["viewer-request"] : []);
    }
    expect(behaviours.filter((b) => b.functionAssociations?.length).length).toBeGreaterThanOrEqual(2);
    expect(result.ofType("aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive")).toEqual([]);
  });

  test("SSE-KMS, the certificate in us-east-1, the alias records and both policies", () => {
    const encryption = result.ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    expect(encryption.map((e) => e.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).sort()).toEqual(["AES256", "AES256", "aws:kms"]);
    expect(result.one("aws:acm/certificate:Certificate").inputs.region).toBe("us-east-1");
    expect(result.ofType("aws:route53/record:Record").map((r) => r.inputs.type).sort()).toContain("A");
    expect(result.ofType("aws:iam/policy:Policy").map((p) => p.name).sort()).toEqual(["access-portal", "access-rotation"]);
  });

  test("bucket settings are applied one after the other; the distribution itself waits for the log bucket's", () => {
    const named = (name: string) => result.registrations.find((r) => r.name === name && r.custom)!;
    const chain = (names: string[]) => {
      for (let i = 1; i < names.length; i++) expect(named(names[i]!).dependencies, names[i]).toContain(named(names[i - 1]!).urn);
    };
    chain(["files-ownership", "files-public-access-block", "files-encryption", "files-lifecycle"]);
    chain(["access-logs-ownership", "access-logs-public-access-block", "access-logs-encryption", "access-logs-retention", "access-logs-tls-only"]);
    expect(result.one("aws:cloudfront/distribution:Distribution").dependencies).toEqual(expect.arrayContaining([named("access-logs-ownership").urn, named("access-logs-tls-only").urn]));
  });

  test("download activity: standard logging v2 of the distribution into its own bucket, JSON, Hive partitions, in us-east-1", () => {
    const source = result.one("aws:cloudwatch/logDeliverySource:LogDeliverySource").inputs;
    const delivery = result.one("aws:cloudwatch/logDelivery:LogDelivery").inputs;
    expect(source).toMatchObject({ region: "us-east-1", logType: "ACCESS_LOGS" });
    expect(result.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination").inputs).toMatchObject({ region: "us-east-1", outputFormat: "json" });
    expect(delivery).toMatchObject({ region: "us-east-1", s3DeliveryConfigurations: [{ enableHiveCompatiblePath: true, suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}" }] });
    expect(result.registrations.find((r) => r.name === "activity-logs-retention")!.inputs.rules[0].expiration).toEqual({ days: 30 });
    expect(result.outputs.activityLogBucketName).toMatch(/^activity-logs-/);
  });

  test("malware scanning: a GuardDuty plan with tagging, and CloudFront may read only client files tagged NO_THREATS_FOUND (pages and probe excepted)", () => {
    const plan = result.one("aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan").inputs;
    expect(plan.actions).toEqual([{ taggings: [{ status: "ENABLED" }] }]);
    expect(plan.protectedResource.s3Bucket.objectPrefixes).toEqual(["client_files/", "incoming/"]);
    const policy = JSON.parse(result.registrations.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === "files-id")!.inputs.policy);
    const gate = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudFrontReadsOnlyFilesScannedClean");
    expect(gate).toMatchObject({
      Effect: "Deny",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Condition: { StringNotEquals: { "s3:ExistingObjectTag/GuardDutyMalwareScanStatus": "NO_THREATS_FOUND" } },
    });
    expect(gate.NotResource).toEqual([
      expect.stringMatching(/^arn:aws:s3:::files-.*\/client_files\/\*\/_links\/\?{22}\.html$/),
      expect.stringMatching(/\/client_files\/_rotation-probe\.txt$/),
      expect.stringMatching(/\/errors\/link-expired\.html$/),
    ]);
    expect(result.outputs.malwareScanner).toBe("guardduty");
  });

  test("the access-log bucket refuses requests without TLS", () => {
    const policy = JSON.parse(result.registrations.find((r) => r.name === "access-logs-tls-only")!.inputs.policy);
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } })]);
  });

  test("the bootstrap public key is never deleted by Pulumi (retainOnDelete); the key group's members are ignored", () => {
    expect(result.one("aws:cloudfront/publicKey:PublicKey").retainOnDelete).toBe(true);
    expect(result.one("aws:cloudfront/keyGroup:KeyGroup").ignoreChanges).toEqual(["items"]);
  });

  test("exports the outputs the tools read, with values", () => {
    expect(result.outputs).toMatchObject({
      publicUrl: "https://files.example.com",
      region: "eu-central-1",
      signingKeySecretName: `signed-share/${FULL_STACK_NAME}/signing-key`,
      accessLogBucketName: expect.stringMatching(/^access-logs-/),
      kmsKeyPolicyStatement: expect.stringContaining("kms:Decrypt"),
    });
  });
});

describe("pulumi up, production-like stack: what a later up, a change and a destroy rely on (docs/deploy.md)", () => {
  const named = (name: string) => result.registrations.find((r) => r.name === name && r.custom)!;
  const SETTINGS = ["ownership", "public-access-block", "encryption", "retention"];

  test("turning a log off or destroying the stack keeps each log bucket with its settings and policy (retainOnDelete); Pulumi never empties one", () => {
    for (const bucket of ["access-logs", "activity-logs"]) {
      for (const name of [bucket, ...SETTINGS.map((s) => `${bucket}-${s}`), bucket === "access-logs" ? "access-logs-tls-only" : "activity-logs-policy"]) {
        expect(named(name).retainOnDelete, name).toBe(true);
      }
      expect(named(bucket).inputs.forceDestroy, bucket).toBe(false);
    }
    // What is not evidence goes: the delivery itself.
    expect(result.one("aws:cloudwatch/logDelivery:LogDelivery").retainOnDelete).toBe(false);
  });

  test("the stack attaches its policies to the principals in config, one attachment each (destroy detaches them before deleting the policies)", () => {
    const policyArn = (name: string) => `arn:aws:iam::123456789012:policy/${name}`;
    expect(result.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs)).toEqual([{ role: "share-portal", policyArn: policyArn("access-portal") }]);
    expect(result.ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment").map((a) => a.inputs)).toEqual([{ group: "ops", policyArn: policyArn("access-rotation") }]);
    expect(result.ofType("aws:iam/userPolicyAttachment:UserPolicyAttachment").map((a) => a.inputs)).toEqual([{ user: "olivia", policyArn: policyArn("access-rotation") }]);
    for (const attachment of [...result.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), ...result.ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")]) {
      const policy = attachment.inputs.policyArn.endsWith("access-portal") ? named("access-portal") : named("access-rotation");
      expect(attachment.dependencies).toContain(policy.urn);
    }
    expect(result.ofType("aws:iam/policyAttachment:PolicyAttachment")).toEqual([]);
  });

  test("the KeyValueStore is protected and keeps the name it was created with; so does the function", () => {
    const store = result.one("aws:cloudfront/keyValueStore:KeyValueStore");
    const fn = result.one("aws:cloudfront/function:Function");
    expect(store.protect).toBe(true);
    expect(store.ignoreChanges).toEqual(["name"]);
    expect(fn.ignoreChanges).toEqual(["name"]);
  });

  test("the function and store names are valid for a stack name with a dot, and unique to this stack's files bucket", () => {
    const store = result.one("aws:cloudfront/keyValueStore:KeyValueStore").inputs.name as string;
    const fn = result.one("aws:cloudfront/function:Function").inputs.name as string;
    for (const name of [store, fn]) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const bucket = result.outputs.bucketName as string;
    expect(store).toBe(edgeResourceName(FULL_STACK_NAME, bucket, "revoked-links"));
    expect(fn).toBe(edgeResourceName(FULL_STACK_NAME, bucket, "revocation-guard"));
    expect(store).toMatch(/^signed-share-prod-eu-central-[0-9a-f]{8}-revoked-links$/);
    // Same stack name, another stack (another bucket): other names.
    expect(edgeResourceName(FULL_STACK_NAME, "files-9f8e7d6", "revoked-links")).not.toBe(store);
  });

  test("one log delivery source per distribution: the source and the delivery are replaced delete-first", () => {
    expect(result.one("aws:cloudwatch/logDeliverySource:LogDeliverySource").deleteBeforeReplace).toBe(true);
    expect(result.one("aws:cloudwatch/logDelivery:LogDelivery").deleteBeforeReplace).toBe(true);
  });

  test("the activity bucket policy already holds the statements CloudWatch Logs adds when the delivery is created", () => {
    const statements = JSON.parse(named("activity-logs-policy").inputs.policy).Statement as { Sid: string; Action: string | string[] }[];
    expect(statements.map((st) => st.Sid)).toEqual(["DenyNonTlsRequests", "AWSLogDeliveryWrite", "AWSLogDeliveryAclCheck"]);
    expect(statements[2]!.Action).toEqual(["s3:GetBucketAcl", "s3:ListBucket"]);
  });

  test("legacyLinksUntil: the deployed guard passes a request without l before the instant and refuses it after; a revoked l is refused throughout", async () => {
    const code = String(result.one("aws:cloudfront/function:Function").inputs.code);
    expect(code).toContain(`const LEGACY_LINKS_UNTIL = ${Date.parse("2030-01-01T00:00:00Z")};`);
    const REVOKED = "revokedRevokedRevoked1";
    const LIVE = "liveLiveLiveLiveLive_-";
    const ask = async (at: string, query: string) => {
      const guard = loadGuard({ exists: async (id) => id === REVOKED }, code, { now: () => new Date(at) });
      const answer = await guard(viewerRequestEvent({ method: "GET", rawUrl: `/acme/report.pdf${query}`, ip: "192.0.2.1" }));
      return isGuardResponse(answer) ? `${answer.statusCode} ${/<title>([^<]*)/.exec(guardResponseBody(answer))![1]}` : "passed";
    };
    const before = "2029-12-31T23:59:59.999Z";
    const after = "2030-01-01T00:00:00.000Z";
    expect(await ask(before, "?Expires=1893456000&Signature=s&Key-Pair-Id=K")).toBe("passed");
    expect(await ask(before, `?l=${LIVE}&Expires=1893456000&Signature=s&Key-Pair-Id=K`)).toBe("passed");
    expect(await ask(before, `?l=${REVOKED}&Expires=1893456000&Signature=s&Key-Pair-Id=K`)).toBe("403 This link has been withdrawn");
    expect(await ask(before, "?l=short&Expires=1893456000&Signature=s&Key-Pair-Id=K")).toBe("403 This link is not complete");
    expect(await ask(after, "?Expires=1893456000&Signature=s&Key-Pair-Id=K")).toBe("403 This link is not complete");
    expect(await ask(after, `?l=${LIVE}&Expires=1893456000&Signature=s&Key-Pair-Id=K`)).toBe("passed");
    expect(await ask(after, `?l=${REVOKED}&Expires=1893456000&Signature=s&Key-Pair-Id=K`)).toBe("403 This link has been withdrawn");
  });
});

describe("pulumi up and preview, minimal stack", () => {
  test("up: starts with only the required key, no optional resource, no undefined outputs, and without esbuild installed", async () => {
    const result = await starts.minimalUp;
    expectClean(result);
    // The guard does not pass requests without a link id unless legacyLinksUntil says so.
    expect(String(result.one("aws:cloudfront/function:Function").inputs.code)).toContain("const LEGACY_LINKS_UNTIL = 0;");
    expect(result.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    expect(result.ofType("aws:acm/certificate:Certificate")).toEqual([]);
    expect(result.ofType("aws:route53/record:Record")).toEqual([]);
    expect(result.ofType("aws:s3/bucket:Bucket").map((b) => b.name)).toEqual(["files"]);
    const cdn = result.one("aws:cloudfront/distribution:Distribution").inputs;
    expect(cdn.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
    expect(cdn.restrictions.geoRestriction).toEqual({ restrictionType: "none" });
    expect(result.outputs.publicUrl).toBe("https://d111111abcdef8.cloudfront.net");
    expect(Object.values(result.outputs)).not.toContain(undefined);
  }, 300_000);

  test("preview: computed values unknown, still no error", async () => {
    const result = await starts.minimalPreview;
    expectClean(result);
    expect(result.one("aws:cloudfront/distribution:Distribution").inputs.defaultCacheBehavior.trustedKeyGroups).toEqual([UNKNOWN_VALUE]);
  }, 300_000);
});

describe("pulumi up, dev stack with portal: true and forceDestroy", () => {
  test("starts, bundles the portal into the function's code at up, and logs no warning or error", async () => {
    const result = await starts.devPortal;
    expectClean(result);
    const fn = result.one("aws:lambda/function:Function").inputs;
    expect(fn).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"], handler: "lambda.handler" });
    // The code is a folder the engine reads at registration, so the state keeps its path and hash, not its text.
    const code = fn.code as FolderArchive;
    expect(code.folderArchive).toBe(true);
    expect(Object.keys(code.files).sort()).toEqual(["lambda.js", "package.json", "signing-worker.js"]);
    expect(code.files["lambda.js"]).toMatch(/\bhandler\b/);
    expect(code.files["lambda.js"]!.length).toBeGreaterThan(100_000);
    expect(JSON.parse(code.files["package.json"]!)).toMatchObject({ type: "commonjs" });
    // ... and the program removed the folder when it exited.
    expect(existsSync(code.path)).toBe(false);

    // forceDestroy (dev stacks): Pulumi may empty and delete the log bucket, and keeps nothing behind.
    const activity = result.registrations.find((r) => r.name === "activity-logs" && r.custom)!;
    expect(activity.inputs.forceDestroy).toBe(true);
    expect(result.registrations.filter((r) => r.name.startsWith("activity-logs") && r.retainOnDelete)).toEqual([]);

    // The upload CORS rule is one more configuration call on the files bucket: after its lock-down.
    const lifecycle = result.registrations.find((r) => r.name === "files-lifecycle" && r.custom)!;
    expect(result.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").dependencies).toContain(lifecycle.urn);

    const portalUrl = result.outputs.portalUrl as string;
    expect(portalUrl).toMatch(/^https:\/\/\w+\.execute-api\.eu-central-1\.amazonaws\.com$/);
    expect(result.outputs).toMatchObject({ portalFunctionName: expect.any(String), portalLogGroupName: "/signed-share/dev/portal" });
    const env = fn.environment.variables as Record<string, string>;
    expect(env).toMatchObject({ PORTAL_URL: portalUrl, SHARE_BUCKET: result.outputs.bucketName, SHARE_PUBLIC_URL: result.outputs.publicUrl, SHARE_IPV6: "false" });
    expect(env.SHARE_REVOCATION_STORE_ARN).toBe(result.outputs.revocationStoreArn);
    expect(env.SHARE_REVOCATION_STORE_ARN).toMatch(/^arn:aws:cloudfront::/);
    // Browsers on the deployed portal upload parts straight to the bucket.
    expect(result.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs.corsRules[0].allowedOrigins).toEqual([portalUrl]);
  }, 300_000);
});

test("Pulumi.yaml: no `main` (the program runs from the project root, entry package.json's main), always refresh", () => {
  const project = PROJECT_YAML;
  expect(project).not.toMatch(/^main:/m);
  expect(project).toMatch(/^ {2}refresh: always$/m);
  expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).main).toBe("infra/index.ts");
});

test("the program's types are checked by `npm test`'s tsc --noEmit: tsconfig.json includes infra/ and what it loads", () => {
  const include = (JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { include: string[] }).include;
  expect(include).toEqual(expect.arrayContaining(["infra", "lib", "build"]));
  expect(JSON.parse(readFileSync(join(ROOT, "infra", "tsconfig.json"), "utf8"))).toMatchObject({ extends: "../tsconfig.json", include: ["."] });
  // One module per AWS service (infra/aws.ts): the package's index would make every type check read every service.
  const fromIndex = readdirSync(join(ROOT, "infra")).filter((name) => /^import .* from "@pulumi\/aws";$/m.test(readFileSync(join(ROOT, "infra", name), "utf8")));
  expect(fromIndex).toEqual([]);
});

test("the repository's dev stack has no key: the CLI asks for signingPublicKey before starting the program", async () => {
  const dev = parseYaml(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  expect(dev.config["signed-share:signingPublicKey"]).toBeUndefined();
  await expect(run(dev.config)).rejects.toThrow("Stack 'dev' is missing configuration value 'signingPublicKey'");
});

test("the layout this project had (main: infra/index.ts, tsconfig: infra/tsconfig.json) does not start", async () => {
  expect(PROJECT_YAML).toMatch(/^ {4}tsconfig: infra\/tsconfig\.json$/m);
  const result = await starts.oldLayout;
  expect(result.exitCode).not.toBe(0);
  expect(result.error).toContain("tsconfig path was set to infra/tsconfig.json but the file was not found");
  expect(result.registrations.filter((r) => r.custom)).toEqual([]);
}, 120_000);
