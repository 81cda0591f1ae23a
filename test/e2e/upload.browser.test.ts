import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../support/browser.js";
import { startDist } from "../support/run-tool.js";

const PASSWORD = "upload-test-password-123";
const BIG = 200 * 1024 * 1024;

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function sha256Body(response: Response): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of response.body!) hash.update(chunk);
  return hash.digest("hex");
}

/** Writes `size` random bytes in 8 MiB blocks (never the whole file in memory). */
async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (let written = 0; written < size; written += 8 * 1024 * 1024) await handle.write(randomBytes(Math.min(8 * 1024 * 1024, size - written)));
  } finally {
    await handle.close();
  }
}

/**
 * An operator with only a browser: `npm start`, sign in, create a client, upload a folder of oddly
 * named files and a 200 MB file through the upload page, then issue a link and download every file
 * through the local edge: the same bytes, under the original names.
 */
describe.skipIf(!hasChromium)("uploading through the portal in Chromium (local mode)", () => {
  let work: string;
  let dataDir: string;
  let source: string;
  let portalUrl: string;
  let stop: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const names = ["with space.txt", "ünïcødé 日本.txt", "hash#1.txt", "percent%20.txt", "plus+sign.txt", "sub dir/nested (1).csv"];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "signed-share-upload-"));
    dataDir = join(work, "data");
    source = join(work, "delivery");
    await mkdir(join(source, "sub dir"), { recursive: true });
    for (const name of names) await writeFile(join(source, name), `${name}\n${randomBytes(100).toString("hex")}\n`);
    await writeRandom(join(source, "big file.bin"), BIG);
    const started = await startDist(["start"], /Press Ctrl\+C to stop/, {
      env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD },
      timeoutMs: 60_000,
    });
    stop = started.stop;
    portalUrl = started.output().match(/portal\s+(http:\/\/\S+)/)![1]!;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    await rm(work, { recursive: true, force: true });
  });

  it("creates a client and uploads a folder with odd names and a 200 MB file, byte-identical in the data directory", async () => {
    await page.goto(`${portalUrl}/sign-in`);
    await page.fill("#username", "admin");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/clients/), page.click("button[type=submit]")]).catch(async (error: Error) => {
      throw new Error(`${error.message}\nat ${page.url()}: ${await page.textContent("main")}`);
    });
    await page.click("a[href='/new-client']");
    await page.fill("#client-name", "Odd Client");
    await Promise.all([page.waitForURL(/\/upload$/), page.click("button.button--primary")]).catch(async (error: Error) => {
      throw new Error(`${error.message}\nat ${page.url()}: ${await page.textContent("main")}`);
    });
    await page.setInputFiles("#upload-dirs", source);
    await expect.poll(() => page.textContent("#upload-status"), { timeout: 300_000, interval: 1000 }).toMatch(/7 of 7 uploaded/);
    expect(await page.textContent("#upload-overall-text")).toContain("100%");
    // Finished: no Cancel left, and a way back to the refreshed file list.
    expect(await page.locator("#upload-list button:visible").count()).toBe(0);
    expect(await page.isVisible("#upload-finished a[href='/clients/Odd%20Client']")).toBe(true);
    expect(await page.locator("#upload-overall").evaluate((el) => (el as unknown as { value: number }).value)).toBe(100);

    const folder = join(dataDir, "client_files", "Odd Client", "delivery");
    for (const name of [...names, "big file.bin"]) expect(await sha256File(join(folder, name)), name).toBe(await sha256File(join(source, name)));
  }, 360_000);

  it("issues a link whose page serves every uploaded file through the local edge, same bytes, original names", async () => {
    await page.goto(`${portalUrl}/clients/Odd%20Client`);
    await Promise.all([page.waitForURL(/\/issued/), page.click("form button[type=submit].button--primary")]);
    const linkUrl = await page.inputValue("#issued-link");
    const index = await (await fetch(linkUrl)).text();
    const urls = [...index.matchAll(/<a href="([^"]+)" download=/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
    expect(urls).toHaveLength(names.length + 1);
    for (const name of [...names, "big file.bin"]) {
      const url = urls.find((u) => decodeURIComponent(new URL(u).pathname) === `/Odd Client/delivery/${name}`);
      expect(url, name).toBeDefined();
      const response = await fetch(url!);
      expect(response.status, name).toBe(200);
      const base = name.slice(name.lastIndexOf("/") + 1);
      expect(response.headers.get("content-disposition"), name).toContain(`filename*=UTF-8''${encodeURIComponent(base).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
      expect(await sha256Body(response), name).toBe(await sha256File(join(source, name)));
    }
  }, 180_000);
});
