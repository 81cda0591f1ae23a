import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { loadConfig } from "../../lib/config.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { s3PresignedDownloads } from "../../lib/files/presigned-download.js";
import { createS3Client } from "../../lib/storage/s3-store.js";
import { createStore } from "../../lib/storage/create-store.js";
import { composePortal } from "../../portal/compose.js";
import type { PortalDeps } from "../../portal/deps.js";
import { memoryLogger } from "../portal/fixture.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Presigned part URLs as the portal makes them against AWS itself (no custom endpoint, the SDK's
 * default checksum settings). Presigning is local, so no network is needed to see the URL.
 */
describe("presigned part URLs against AWS (no custom endpoint)", () => {
  let dir: string;
  let deps: PortalDeps;
  const client = createS3Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }, env: {} });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "presign-"));
    const config = loadConfig({ env: { SHARE_BUCKET: "files-1a2b3c4", SHARE_PUBLIC_URL: "https://files.example.com", AWS_REGION: "eu-west-1", PORTAL_SESSION_SECRET: "x".repeat(40) } });
    deps = composePortal(config, { store: createStore(config, { s3Client: client }), keyStore: new LocalKeyStore(join(dir, "keys")), sessionSecret: "x".repeat(40), clock: systemClock, logger: memoryLogger().logger });
  });
  afterAll(async () => {
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("carry no checksum of the empty body (x-amz-checksum-crc32=AAAAAA==) that the real part could not match", async () => {
    const url = new URL(await deps.services.files!.presignPart({ key: "client_files/acme/a b.bin", uploadId: "upload-1" }, 3, 1234, 3600));
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(url.searchParams.get("partNumber")).toBe("3");
    expect(url.searchParams.get("uploadId")).toBe("upload-1");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;host");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("go to the origin the portal's CSP allows in connect-src (the bucket's virtual host)", async () => {
    const url = new URL(await deps.services.files!.presignPart({ key: "client_files/acme/x", uploadId: "u" }, 1, 10, 60));
    expect(url.origin).toBe(deps.uploadOrigin);
    expect(url.origin).toBe("https://files-1a2b3c4.s3.eu-west-1.amazonaws.com");
  });
});

describe("presigned download URLs against AWS (no custom endpoint)", () => {
  const client = createS3Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }, env: {} });
  afterAll(() => client.destroy());

  it("sign the host only, with no x-amz-checksum-mode (the SDK adds it; a browser checks no checksum); S3 answers with the original name as attachment", async () => {
    const disposition = `attachment; filename="a b.pdf"; filename*=UTF-8''a%20b.pdf`;
    const url = new URL(await s3PresignedDownloads(client, "files-1a2b3c4").presign("client_files/acme/a b.pdf", { contentDisposition: disposition, contentType: "application/pdf" }, 60));
    expect(url.origin).toBe("https://files-1a2b3c4.s3.eu-west-1.amazonaws.com");
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(url.searchParams.get("response-content-disposition")).toBe(disposition);
    expect(url.searchParams.get("response-content-type")).toBe("application/pdf");
    expect(url.searchParams.get("response-cache-control")).toBe("private, no-store");
  });
});
