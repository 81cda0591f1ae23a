// Bucket CORS for browser uploads (fauxqs, the S3 emulator, answers no CORS preflight, so the rule is checked here).
import { beforeAll, describe, expect, test } from "vitest";
import { parseInfraConfig } from "../../infra/config";
import { minimalConfig, runProgram, type ProgramRun } from "./harness.js";

describe("upload CORS", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), portalUrl: "https://Share-Admin.example.com/" });
  });

  test("the bucket lets the portal's origin PUT parts and read their ETag, and nothing else", () => {
    const cors = run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs;
    expect(cors.bucket).toMatch(/^files-/); // the files bucket's name
    expect(cors.corsRules).toEqual([
      { id: "portal-uploads", allowedOrigins: ["https://share-admin.example.com"], allowedMethods: ["PUT"], allowedHeaders: ["content-type"], exposeHeaders: ["ETag"], maxAgeSeconds: 3600 },
    ]);
  });

  test("incomplete multipart uploads are aborted by the bucket's lifecycle rule", () => {
    const lifecycle = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
    expect(lifecycle.rules).toEqual(expect.arrayContaining([expect.objectContaining({ status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })]));
  });

  test("no CORS without portalUrl; a portalUrl with a path or over http is refused", async () => {
    const plain = await runProgram(minimalConfig());
    expect(plain.resources.filter((r) => r.type === "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toEqual([]);
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
