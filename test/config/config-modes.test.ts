import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { AWS_ENV, load, refusal, workdir } from "./helpers.js";

describe("local mode", () => {
  it("is chosen when SHARE_BUCKET is not set, with ./data under cwd and the local edge as public URL", () => {
    const cwd = workdir();
    expect(load({}, { cwd })).toMatchObject({
      mode: "local",
      dataDir: join(cwd, "data"),
      publicUrl: "http://localhost:3001",
      prefix: "client_files",
      hashAlgorithm: "SHA1",
      maxExpiryMs: 366 * 86_400_000,
      signingKey: { store: "local" },
      portal: { port: 3000, edgePort: 3001 },
    });
  });

  it("takes SHARE_DATA_DIR relative to cwd", () => {
    const cwd = workdir();
    expect(load({ SHARE_DATA_DIR: "store" }, { cwd })).toMatchObject({ dataDir: join(cwd, "store") });
  });

  it("follows EDGE_PORT for the default public URL", () => {
    expect(load({ EDGE_PORT: "4001" }).publicUrl).toBe("http://localhost:4001");
  });

  it("treats empty variables as unset", () => {
    expect(load({ SHARE_BUCKET: "", SHARE_PREFIX: " " })).toMatchObject({ mode: "local", prefix: "client_files" });
  });

  it("refuses when SHARE_DISTRIBUTION_ID is set without a bucket", () => {
    expect(refusal({ SHARE_DISTRIBUTION_ID: "E2QWRUHAPOMQZL" })).toContain("SHARE_DISTRIBUTION_ID needs SHARE_BUCKET");
  });

  it("refuses when SHARE_KEY_STORE is secretsmanager without a bucket", () => {
    expect(refusal({ SHARE_KEY_STORE: "secretsmanager", SHARE_SIGNING_KEY_SECRET: "s" })).toContain(
      "SHARE_KEY_STORE can be secretsmanager only with SHARE_BUCKET",
    );
  });
});

describe("AWS mode", () => {
  it("is chosen when SHARE_BUCKET is set", () => {
    expect(
      load({ ...AWS_ENV, AWS_REGION: "eu-west-1", SHARE_DISTRIBUTION_ID: "E2QWRUHAPOMQZL", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000" }),
    ).toMatchObject({
      mode: "aws",
      bucket: "acme-share-files",
      region: "eu-west-1",
      publicUrl: "https://files.example.com",
      distributionId: "E2QWRUHAPOMQZL",
      endpoint: "http://127.0.0.1:9000",
    });
  });

  it("drops a trailing slash from SHARE_PUBLIC_URL", () => {
    expect(load({ ...AWS_ENV, SHARE_PUBLIC_URL: "https://d111111abcdef8.cloudfront.net/" }).publicUrl).toBe(
      "https://d111111abcdef8.cloudfront.net",
    );
  });

  it("falls back to AWS_DEFAULT_REGION and AWS_ENDPOINT_URL", () => {
    expect(load({ ...AWS_ENV, AWS_DEFAULT_REGION: "us-west-2", AWS_ENDPOINT_URL: "http://localhost:4566" })).toMatchObject({
      region: "us-west-2",
      endpoint: "http://localhost:4566",
    });
  });

  it("accepts http for a loopback public URL", () => {
    expect(load({ ...AWS_ENV, SHARE_PUBLIC_URL: "http://127.0.0.1:8080" }).publicUrl).toBe("http://127.0.0.1:8080");
  });

  it("refuses when SHARE_PUBLIC_URL is missing", () => {
    expect(refusal({ SHARE_BUCKET: "acme-share-files" })).toContain("SHARE_PUBLIC_URL is required when SHARE_BUCKET is set");
  });

  it("refuses when SHARE_PUBLIC_URL is not https", () => {
    expect(refusal({ ...AWS_ENV, SHARE_PUBLIC_URL: "ftp://x" })).toBe(
      'SHARE_PUBLIC_URL must be an https URL like https://files.example.com or https://dxxxx.cloudfront.net (got "ftp://x")',
    );
  });

  it("refuses when SHARE_PUBLIC_URL is plain http on a public host", () => {
    expect(refusal({ ...AWS_ENV, SHARE_PUBLIC_URL: "http://files.example.com" })).toContain("must be an https URL");
  });

  it("refuses when SHARE_PUBLIC_URL carries a query string", () => {
    expect(refusal({ ...AWS_ENV, SHARE_PUBLIC_URL: "https://files.example.com/?x=1" })).toContain("SHARE_PUBLIC_URL must be");
  });

  it("refuses when SHARE_BUCKET is an s3:// URL instead of a name", () => {
    expect(refusal({ ...AWS_ENV, SHARE_BUCKET: "s3://acme" })).toBe(
      'SHARE_BUCKET must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens; no s3:// prefix) (got "s3://acme")',
    );
  });

  it("refuses when AWS_REGION is not a region", () => {
    expect(refusal({ ...AWS_ENV, AWS_REGION: "Ireland" })).toContain('AWS_REGION must be an AWS region like eu-west-1 (got "Ireland")');
  });

  it("refuses when AWS_ENDPOINT_URL_S3 is not an http(s) URL", () => {
    expect(refusal({ ...AWS_ENV, AWS_ENDPOINT_URL_S3: "localhost:9000" })).toContain("AWS_ENDPOINT_URL_S3 must be an http(s) URL");
  });

  it("refuses when SHARE_DISTRIBUTION_ID is malformed", () => {
    expect(refusal({ ...AWS_ENV, SHARE_DISTRIBUTION_ID: "my-distribution" })).toContain(
      "SHARE_DISTRIBUTION_ID must be a CloudFront distribution id",
    );
  });

  it("lists every problem at once", () => {
    const message = refusal({ SHARE_BUCKET: "s3://x", SHARE_MAX_EXPIRY: "forever" });
    expect(message).toMatch(/^3 configuration problems:/);
    expect(message).toContain("- SHARE_BUCKET must be");
    expect(message).toContain("- SHARE_MAX_EXPIRY must be");
    expect(message).toContain("- SHARE_PUBLIC_URL is required");
  });
});

describe("shared settings", () => {
  it("strips slashes from SHARE_PREFIX", () => {
    expect(load({ SHARE_PREFIX: "/shared/files/" }).prefix).toBe("shared/files");
  });

  it("refuses when SHARE_PREFIX climbs out with ..", () => {
    expect(refusal({ SHARE_PREFIX: "client_files/../portal" })).toContain("SHARE_PREFIX must be a key prefix like client_files");
  });

  it("parses SHARE_MAX_EXPIRY", () => {
    expect(load({ SHARE_MAX_EXPIRY: "30d" }).maxExpiryMs).toBe(30 * 86_400_000);
  });

  it("refuses when SHARE_MAX_EXPIRY is zero", () => {
    expect(refusal({ SHARE_MAX_EXPIRY: "0d" })).toBe(
      'SHARE_MAX_EXPIRY must be a positive duration like 366d, 12h, 30m or 90s (got "0d")',
    );
  });

  it("accepts SHA256 in any case for SHARE_HASH_ALGORITHM", () => {
    expect(load({ SHARE_HASH_ALGORITHM: "sha-256" }).hashAlgorithm).toBe("SHA256");
  });

  it("refuses when SHARE_HASH_ALGORITHM is neither SHA1 nor SHA256", () => {
    expect(refusal({ SHARE_HASH_ALGORITHM: "MD5" })).toBe("SHARE_HASH_ALGORITHM must be SHA1 or SHA256");
  });

  it("refuses when PORT is not a port number", () => {
    expect(refusal({ PORT: "70000" })).toBe('PORT must be a port number from 0 to 65535 (got "70000")');
  });
});
