// Bucket CORS for browser uploads (fauxqs, the S3 emulator, answers no CORS preflight, so the rule is checked here).
import { beforeAll, describe, expect, test } from "vitest";
import { parseInfraConfig } from "../../infra/config";
import { minimalConfig, runProgram, type ProgramRun } from "./harness.js";

describe("upload CORS", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), portalUrl: "https://Share-Admin.example.com/" });
  });

  test("the bucket lets the portal's origin, and the files host's for file requests, PUT parts and read their ETag, and nothing else", () => {
    const cors = run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs;
    expect(cors.bucket).toMatch(/^files-/); // the files bucket's name
    const rule = { allowedMethods: ["PUT"], allowedHeaders: ["content-type"], exposeHeaders: ["ETag"], maxAgeSeconds: 3600 };
    expect(cors.corsRules).toEqual([
      { id: "portal-uploads", allowedOrigins: ["https://share-admin.example.com"], ...rule },
      { id: "request-uploads", allowedOrigins: [expect.stringMatching(/^https:\/\/[a-z0-9]+\.cloudfront\.net$/)], ...rule },
    ]);
  });

  test("file requests: the upload API's behaviour goes to the portal's host, signed and guarded, uncached, before the pages' pattern", () => {
    const distribution = run.one("aws:cloudfront/distribution:Distribution").inputs;
    const behaviours = distribution.orderedCacheBehaviors as { pathPattern: string; targetOriginId: string; allowedMethods: string[]; trustedKeyGroups?: unknown[]; functionAssociations?: unknown[]; cachePolicyId: string }[];
    const api = behaviours.findIndex((b) => b.pathPattern === "/*/_links/*/upload/*");
    const pages = behaviours.findIndex((b) => b.pathPattern === "/*/_links/*");
    expect(api).toBeGreaterThanOrEqual(0);
    expect(api).toBeLessThan(pages);
    expect(behaviours[api]).toMatchObject({ targetOriginId: "portal", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", allowedMethods: expect.arrayContaining(["POST", "PUT"]) });
    expect(behaviours[api]!.trustedKeyGroups).toHaveLength(1);
    expect(behaviours[api]!.functionAssociations).toHaveLength(1);
    const origins = distribution.origins as { originId: string; domainName: string; originPath: string }[];
    expect(origins.find((o) => o.originId === "portal")).toMatchObject({ domainName: "share-admin.example.com", originPath: "/request-api" });
  });

  test("incomplete multipart uploads are aborted by the bucket's lifecycle rule", () => {
    const lifecycle = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
    expect(lifecycle.rules).toEqual(expect.arrayContaining([expect.objectContaining({ status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })]));
  });

  test("no CORS and no upload API behaviour without portalUrl; a portalUrl with a path or over http is refused", async () => {
    const plain = await runProgram(minimalConfig());
    expect(plain.resources.filter((r) => r.type === "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toEqual([]);
    const behaviours = plain.one("aws:cloudfront/distribution:Distribution").inputs.orderedCacheBehaviors as { pathPattern: string }[];
    expect(behaviours.map((b) => b.pathPattern)).not.toContain("/*/_links/*/upload/*");
    expect(() => parseInfraConfig({ ...minimalConfig(), portalUrl: "http://share.example.com" })).toThrow(/portalUrl/);
    expect(() => parseInfraConfig({ ...minimalConfig(), portalUrl: "https://share.example.com/admin" })).toThrow(/portalUrl/);
  });

  test("with portal: true, the deployed portal's address is the origin: a different portalUrl is refused", () => {
    const withPortal = { ...minimalConfig(), portal: "true", portalDomainName: "share-admin.example.com" };
    expect(() => parseInfraConfig({ ...withPortal, portalUrl: "https://other.example.com" })).toThrow(/portalUrl: is https:\/\/other\.example\.com but portal is true.*remove portalUrl/);
    expect(parseInfraConfig({ ...withPortal, portalUrl: "https://share-admin.example.com" }).portalUrl).toBe("https://share-admin.example.com");
    expect(() => parseInfraConfig({ ...minimalConfig(), portal: "true", portalUrl: "https://share-admin.example.com" })).toThrow(/its execute-api URL; set portalDomainName/);
  });
});
