// The distribution: signatures and HTTPS everywhere client files are served; one unsigned path, the error page.
import { beforeAll, describe, expect, test } from "vitest";
import { minimalConfig, runProgram, type ProgramRun, type Registered } from "./harness.js";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

interface Behaviour {
  pathPattern?: string;
  targetOriginId: string;
  trustedKeyGroups?: string[];
  viewerProtocolPolicy: string;
  cachePolicyId?: string;
  responseHeadersPolicyId?: string;
  allowedMethods: string[];
}

interface Origin {
  originId: string;
  originPath?: string;
  originAccessControlId?: string;
}

const behaviours = (d: Registered): Behaviour[] => [d.inputs.defaultCacheBehavior, ...(d.inputs.orderedCacheBehaviors ?? [])];
const origins = (d: Registered): Origin[] => d.inputs.origins;

describe("signed distribution", () => {
  let run: ProgramRun;
  let distribution: Registered;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), supportContact: `Ops <ops@example.com> & "Friends"` });
    distribution = run.one(DISTRIBUTION);
  });

  test("the origin access control is for S3 and always signs with SigV4", () => {
    const oac = run.one("aws:cloudfront/originAccessControl:OriginAccessControl").inputs;
    expect(oac).toMatchObject({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
    for (const origin of origins(distribution)) expect(origin.originAccessControlId).toBe("cdn-oac-id");
  });

  test("the client-files origin serves the bucket's client_files folder", () => {
    const clientFiles = origins(distribution).find((o) => o.originId === distribution.inputs.defaultCacheBehavior.targetOriginId);
    expect(clientFiles?.originPath).toBe("/client_files");
  });

  test("every behaviour that serves client files requires the trusted key group", () => {
    const clientOrigins = origins(distribution).filter((o) => o.originPath === "/client_files").map((o) => o.originId);
    const serving = behaviours(distribution).filter((b) => clientOrigins.includes(b.targetOriginId));
    expect(serving.length).toBeGreaterThan(0);
    for (const behaviour of serving) expect(behaviour.trustedKeyGroups).toEqual(["signing-keys-id"]);
  });

  test("every behaviour is HTTPS only and read only", () => {
    for (const behaviour of behaviours(distribution)) {
      expect(behaviour.viewerProtocolPolicy).toBe("https-only");
      expect(behaviour.allowedMethods.sort()).toEqual(["GET", "HEAD"]);
    }
  });

  test("the only unsigned behaviour is the exact error-page path, mapped outside the client folder", () => {
    const unsigned = behaviours(distribution).filter((b) => (b.trustedKeyGroups ?? []).length === 0);
    expect(unsigned).toHaveLength(1);
    const [page] = unsigned;
    expect(page?.pathPattern).toBe("/link-expired.html");
    expect(page?.pathPattern).not.toMatch(/[*?]/);
    const origin = origins(distribution).find((o) => o.originId === page?.targetOriginId);
    // origin path + request path = the bucket key of the page, and nothing under client_files or portal
    expect(`${origin?.originPath}${page?.pathPattern}`.slice(1)).toBe("errors/link-expired.html");
  });

  test("denied requests (403) and revoked pages (404) get the expired-link page with their status, never cached", () => {
    expect(distribution.inputs.customErrorResponses).toEqual([
      { errorCode: 403, responseCode: 403, responsePagePath: "/link-expired.html", errorCachingMinTtl: 0 },
      { errorCode: 404, responseCode: 404, responsePagePath: "/link-expired.html", errorCachingMinTtl: 0 },
    ]);
  });

  test("the expired-link page object holds the HTML-escaped support contact", () => {
    const page = run.ofType("aws:s3/bucketObjectv2:BucketObjectv2").find((o) => o.inputs.key === "errors/link-expired.html");
    expect(page?.inputs.contentType).toBe("text/html; charset=utf-8");
    expect(page?.inputs.content).toContain("Ops &#60;ops@example.com&#62; &#38; &#34;Friends&#34;");
    expect(page?.inputs.content).not.toContain("<ops@example.com>");
  });

  test("the cache key has no query strings, headers or cookies", () => {
    const policy = run.one("aws:cloudfront/cachePolicy:CachePolicy").inputs.parametersInCacheKeyAndForwardedToOrigin;
    expect(policy.queryStringsConfig).toEqual({ queryStringBehavior: "none" });
    expect(policy.headersConfig).toEqual({ headerBehavior: "none" });
    expect(policy.cookiesConfig).toEqual({ cookieBehavior: "none" });
    for (const behaviour of behaviours(distribution)) expect(behaviour.cachePolicyId).toBe("cdn-cache-id");
  });

  test("every response carries HSTS, nosniff, no-referrer, frame deny and noindex", () => {
    const policies = run.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    expect(policies.map((p) => p.name).sort()).toEqual(["cdn-index-page-headers", "cdn-security-headers"]);
    for (const policy of policies) {
      const headers = policy.inputs.securityHeadersConfig;
      expect(headers.strictTransportSecurity).toMatchObject({ override: true });
      expect(headers.strictTransportSecurity.accessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
      expect(headers.contentTypeOptions).toEqual({ override: true });
      expect(headers.referrerPolicy).toEqual({ referrerPolicy: "no-referrer", override: true });
      expect(headers.frameOptions).toEqual({ frameOption: "DENY", override: true });
      expect(policy.inputs.customHeadersConfig.items).toContainEqual({ header: "X-Robots-Tag", value: "noindex, nofollow", override: true });
    }
  });

  test("client files (default behaviour) and the error page are sandboxed; index pages get their own signed behaviour and strict CSP", () => {
    const csp = (name: string) => run.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").find((p) => p.name === name)!.inputs.securityHeadersConfig.contentSecurityPolicy;
    expect(csp("cdn-security-headers")).toEqual({ contentSecurityPolicy: "sandbox", override: true });
    expect(csp("cdn-index-page-headers").contentSecurityPolicy).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(distribution.inputs.defaultCacheBehavior.responseHeadersPolicyId).toBe("cdn-security-headers-id");
    const pages = distribution.inputs.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/*/_links/*");
    expect(pages).toMatchObject({ targetOriginId: "client-files", trustedKeyGroups: ["signing-keys-id"], responseHeadersPolicyId: "cdn-index-page-headers-id" });
    const errorPage = distribution.inputs.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/link-expired.html");
    expect(errorPage.responseHeadersPolicyId).toBe("cdn-security-headers-id");
  });

  test("the key group starts with the bootstrap public key from config", () => {
    const key = run.one("aws:cloudfront/publicKey:PublicKey").inputs;
    expect(key.encodedKey).toBe(minimalConfig().signingPublicKey);
    expect(run.one("aws:cloudfront/keyGroup:KeyGroup").inputs.items).toEqual(["signing-keys-bootstrap-key-id"]);
  });

  test("the key group ignores changes to its items (the rotation tool owns membership)", () => {
    expect(run.one("aws:cloudfront/keyGroup:KeyGroup").opts.ignoreChanges).toEqual(["items"]);
  });

  test("without options: default price class, no geo restriction, no WAF, no logs", () => {
    expect(distribution.inputs.priceClass).toBe("PriceClass_100");
    expect(distribution.inputs.restrictions).toEqual({ geoRestriction: { restrictionType: "none" } });
    expect(distribution.inputs.webAclId).toBeUndefined();
    expect(distribution.inputs.loggingConfig).toBeUndefined();
  });

  test("the rotation probe lives directly in the client folder, so it needs a signature too", () => {
    const probe = run.ofType("aws:s3/bucketObjectv2:BucketObjectv2").find((o) => o.inputs.key !== "errors/link-expired.html");
    expect(probe?.inputs.key).toBe("client_files/_rotation-probe.txt");
  });
});

describe("signed distribution with every option", () => {
  const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/signed-share/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
  let run: ProgramRun;
  let distribution: Registered;
  beforeAll(async () => {
    run = await runProgram({
      ...minimalConfig(),
      priceClass: "PriceClass_All",
      geoAllowlist: JSON.stringify(["FR", "DE"]),
      webAclArn: WEB_ACL,
      logging: "true",
    });
    distribution = run.one(DISTRIBUTION);
  });

  test("price class, geo allowlist and web ACL reach the distribution", () => {
    expect(distribution.inputs.priceClass).toBe("PriceClass_All");
    expect(distribution.inputs.restrictions).toEqual({ geoRestriction: { restrictionType: "whitelist", locations: ["DE", "FR"] } });
    expect(distribution.inputs.webAclId).toBe(WEB_ACL);
  });

  test("standard access logs go to a private log bucket that expires old logs", () => {
    expect(distribution.inputs.loggingConfig).toEqual({
      bucket: "access-logs-0a1b2c3.s3.amazonaws.com",
      prefix: "cloudfront/",
      includeCookies: false,
    });
    const blocks = run.ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find((b) => b.inputs.bucket === "access-logs-id");
    expect(blocks?.inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const retention = run.ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").find((l) => l.inputs.bucket === "access-logs-id");
    expect(retention?.inputs.rules[0].expiration.days).toBeGreaterThan(0);
  });
});
