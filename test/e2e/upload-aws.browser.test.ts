import { GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadCorsRules } from "../../infra/upload-cors-rules";
import { systemClock } from "../../lib/clock.js";
import { loadConfig } from "../../lib/config.js";
import { ClientFiles } from "../../lib/files/client-files.js";
import { attachmentDisposition } from "../../lib/files/content-disposition.js";
import { multipartFor } from "../../lib/files/create-client-files.js";
import { MIN_PART_SIZE } from "../../lib/files/multipart.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { createStore } from "../../lib/storage/create-store.js";
import { createApp } from "../../portal/app.js";
import { composePortal } from "../../portal/compose.js";
import type { PortalDeps } from "../../portal/deps.js";
import { startPortal, type ClosePortal } from "../../portal/server.js";
import { memoryLogger } from "../portal/fixture.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { startCorsProxy, type CorsProxy } from "../support/cors-proxy.js";
import { faults, startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { rsaTestKey } from "../support/vectors.js";

const PASSWORD = "aws-upload-test-password";
const MiB = 1024 * 1024;
/** Three parts of 5 MiB (S3's minimum; fauxqs takes at most 11 MiB per request, so not the portal's default 16 MiB). */
const BIG = 14 * MiB;
const CLIENT = "Odd Client";

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (let written = 0; written < size; written += 8 * MiB) await handle.write(randomBytes(Math.min(8 * MiB, size - written)));
  } finally {
    await handle.close();
  }
}

/**
 * The portal in AWS mode (its real wiring from the configuration) against the S3 emulator, with the
 * bucket's CORS rules from infra/upload-cors-rules.ts applied in front of it, driven by Chromium:
 * the browser PUTs presigned parts straight to the "bucket", across origins, and reads their ETags.
 *
 *   Chromium ─┬─> portal (http://127.0.0.1:P)            presigned part URLs
 *             └─> CORS proxy ─> fault proxy ─> fauxqs     the parts themselves
 *   portal ──────> CORS proxy ─> fault proxy ─> fauxqs    create / complete (no Origin)
 */
describe.skipIf(!hasChromium)("uploading through the portal in Chromium (AWS mode, S3 emulator behind the bucket's CORS rules)", () => {
  let work: string;
  let source: string;
  let s3: FauxqsHandle;
  let faulty: FaultProxy;
  let cors: CorsProxy;
  let bucket: string;
  let direct: S3Client;
  let deps: PortalDeps;
  let close: ClosePortal;
  let portalOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const names = ["with space.txt", "ünïcødé 日本.txt", "hash#1.txt", "percent%20.txt", "plus+sign.txt", "sub dir/nested (1).csv", "sub dir/deeper/still/x'y.txt"];

  const objectBytesSha = async (key: string) => {
    const out = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hash = createHash("sha256");
    for await (const chunk of out.Body as AsyncIterable<Buffer>) hash.update(chunk);
    return hash.digest("hex");
  };
  const dispositionSent = (key: string) => {
    const create = faulty.requests.findLast((r) => r.method === "POST" && r.path === `/${bucket}/${key}` && /[?&]uploads(=|&|$)/.test(r.url));
    return create?.headers["content-disposition"];
  };
  const partPuts = (key: string) => faulty.requests.filter((r) => r.method === "PUT" && r.path === `/${bucket}/${key}` && r.url.includes("partNumber="));

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "signed-share-upload-aws-"));
    source = join(work, "delivery");
    await mkdir(join(source, "sub dir", "deeper", "still"), { recursive: true });
    for (const name of names) await writeFile(join(source, name), `${name}\n${randomBytes(100).toString("hex")}\n`);
    await writeRandom(join(source, "big file.bin"), BIG);
    await writeRandom(join(work, "resume me.bin"), BIG);
    await writeFile(join(work, "too big.bin"), "");
    await truncate(join(work, "too big.bin"), 49 * MiB); // sparse: over the 48 MiB limit below

    s3 = await startFauxqs();
    faulty = await startFaultProxy(s3.endpoint);
    cors = await startCorsProxy(faulty.endpoint);
    bucket = await s3.createBucket();
    direct = s3.client();
    const config = loadConfig({
      env: {
        SHARE_BUCKET: bucket,
        SHARE_PUBLIC_URL: "https://files.example.com",
        AWS_ENDPOINT_URL_S3: cors.endpoint,
        AWS_REGION: s3.region,
        SHARE_MAX_FILE_SIZE: "48MiB",
        PORTAL_SESSION_SECRET: "aws-upload-test-session-secret-0123456789",
      },
    });
    const keyStore = new LocalKeyStore(join(work, "keys"));
    await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: new Date().toISOString() });
    // As `signed-share portal` wires it, but with the emulator's static credentials instead of the
    // default chain, and parts of 5 MiB.
    const store = createStore(config, { s3Client: s3.client({ endpoint: cors.endpoint }) });
    const composed = composePortal(config, { store, keyStore, sessionSecret: config.portal.sessionSecret!, clock: systemClock, logger: memoryLogger().logger });
    deps = {
      ...composed,
      services: {
        ...composed.services,
        files: new ClientFiles({ store, multipart: multipartFor(store, systemClock), prefix: config.prefix, clock: systemClock, maxFileSize: config.maxFileSize, partSize: MIN_PART_SIZE }),
      },
    };
    await deps.users.add("admin", "admin", PASSWORD);
    close = await startPortal(createApp(deps), 0, "127.0.0.1");
    portalOrigin = `http://127.0.0.1:${close.port}`;
    // The bucket's CORS configuration, exactly as the Pulumi program declares it for this portal.
    cors.setRules(uploadCorsRules(portalOrigin));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    direct?.destroy();
    await cors?.stop();
    await faulty?.stop();
    await s3?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it("signs in, creates a client, uploads a folder of odd names and a 14 MiB file in three presigned parts across origins", async () => {
    await page.goto(`${portalOrigin}/sign-in`);
    await page.fill("#username", "admin");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/clients/), page.click("button[type=submit]")]);
    await page.click("a[href='/new-client']");
    await page.fill("#client-name", CLIENT);
    await Promise.all([page.waitForURL(/\/upload$/), page.click("button.button--primary")]);
    expect(await page.textContent(".page-head")).toContain("48 MiB");

    await page.setInputFiles("#upload-dirs", source);
    await expect.poll(() => page.textContent("#upload-status"), { timeout: 120_000, interval: 500 }).toMatch(/\d+ of 8 uploaded/);
    expect(await page.textContent("#upload-status")).toMatch(/^8 of 8 uploaded/);
    expect(await page.textContent("#upload-overall-text")).toContain("100%");

    for (const name of [...names, "big file.bin"]) {
      const key = `client_files/${CLIENT}/delivery/${name}`;
      expect(await objectBytesSha(key), name).toBe(await sha256File(join(source, name)));
      expect(dispositionSent(key), name).toBe(attachmentDisposition(name));
    }
    // The big file went in three parts, each PUT by the browser to a presigned URL of the bucket.
    const bigParts = partPuts(`client_files/${CLIENT}/delivery/big file.bin`);
    expect(bigParts.map((r) => new URL(r.url, "http://x").searchParams.get("partNumber")).sort()).toEqual(["1", "2", "3"]);
    for (const put of bigParts) {
      expect(put.url).toMatch(/X-Amz-Signature=/);
      expect(put.headers.origin).toBe(portalOrigin);
    }
    // Every cross-origin request (preflights included) was one the bucket's rules allow.
    const preflights = cors.exchanges.filter((e) => e.method === "OPTIONS");
    expect(preflights.length).toBeGreaterThan(0);
    expect(cors.exchanges.every((e) => e.allowed && e.origin === portalOrigin)).toBe(true);
    expect((await direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  }, 180_000);

  it("refuses a file over SHARE_MAX_FILE_SIZE in the browser, in words, before a byte is sent, and starts no upload for it", async () => {
    const before = faulty.requests.length;
    await page.setInputFiles("#upload-files", join(work, "too big.bin"));
    const item = page.locator("#upload-list li", { hasText: "too big.bin" });
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain("too big.bin — not uploaded: larger than 48 MiB, the largest file this portal accepts");
    expect(await item.textContent()).not.toMatch(/SHARE_|bytes/);
    expect(await item.locator("button:visible").count(), "nothing to cancel").toBe(0);
    expect(faulty.requests.slice(before).filter((r) => r.path.includes("too big"))).toEqual([]);
  });

  it("resumes an interrupted upload: after part 3 fails, choosing the file again sends only part 3", async () => {
    const key = `client_files/${CLIENT}/resume me.bin`;
    faulty.inject(faults.internalError(), { match: (r) => r.method === "PUT" && r.path === `/${bucket}/${key}` && /[?&]partNumber=3(&|$)/.test(r.url) });
    await page.setInputFiles("#upload-files", join(work, "resume me.bin"));
    const first = page.locator("#upload-list li", { hasText: "resume me.bin" }).first();
    await expect.poll(() => first.textContent(), { timeout: 60_000 }).toMatch(/failed: part 3 was refused \(HTTP 500\)/);
    // Parts 1 and 2 finish and their ETags are kept in the browser (nothing of S3 is asked: no ListParts).
    const savedParts = () =>
      page.evaluate(() => {
        const storage = (globalThis as unknown as { localStorage: { length: number; key(i: number): string; getItem(name: string): string } }).localStorage;
        for (let i = 0; i < storage.length; i++) {
          const name = storage.key(i);
          if (name.includes("resume me.bin")) return Object.keys((JSON.parse(storage.getItem(name)) as { parts: object }).parts).sort();
        }
        return [];
      });
    await expect.poll(savedParts, { timeout: 60_000 }).toEqual(["1", "2"]);

    await page.setInputFiles("#upload-files", join(work, "resume me.bin"));
    const second = page.locator("#upload-list li", { hasText: "resume me.bin" }).nth(1);
    await expect.poll(() => second.textContent(), { timeout: 60_000 }).toMatch(/resume me\.bin — uploaded/);
    const sent = partPuts(key).map((r) => new URL(r.url, "http://x").searchParams.get("partNumber"));
    expect(sent.sort()).toEqual(["1", "2", "3", "3"]);
    expect(await objectBytesSha(key)).toBe(await sha256File(join(work, "resume me.bin")));
  }, 120_000);

  it("the bucket's rules refuse the same presigned PUT from any other origin", async () => {
    const upload = await deps.services.files!.startUpload(CLIENT, "other-origin.txt", 5, { by: "test" });
    const url = await deps.services.files!.presignPart(upload, 1, 5, 300);
    const other = await context.newPage();
    // localhost and 127.0.0.1 are different origins to the browser: same portal page, origin not in the rules.
    await other.goto(`http://localhost:${close.port}/sign-in`);
    const outcome = await other.evaluate((target) => fetch(target, { method: "PUT", body: "hello" }).then((r) => `HTTP ${r.status}`, (e: Error) => e.name), url);
    expect(outcome).toBe("TypeError");
    expect(cors.exchanges.at(-1)).toMatchObject({ method: "OPTIONS", origin: `http://localhost:${close.port}`, allowed: false });
    expect(partPuts(upload.key)).toEqual([]);
    await other.close();
    await deps.services.files!.abortUpload(upload);
  });
});
