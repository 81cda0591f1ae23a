import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { readText } from "../../lib/storage/read-text.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { ecSigningKey, trustedPublicKeys } from "../support/vectors.js";
import { curlListPairs, manifestFiles } from "./helpers.js";

/**
 * The one test with a big fixture (docs/contributing.md#tests): a client of 20,000 files, written
 * straight to the data directory, published with the page for many files and opened in Chromium
 * through the local edge.
 */
const COUNT = 20_000;
const CLIENT = "big client";
const path = (i: number) => `set ${String(Math.floor(i / 1000)).padStart(2, "0")}/roll ${Math.floor(i / 100) % 10}/photo #${String(i).padStart(5, "0")}.jpg`;
const body = (i: number) => `photo ${i}\n`;

describe("a link for 20,000 files", () => {
  let dir: string;
  let store: LocalObjectStore;
  let edge: RunningEdge;
  let publisher: Publisher;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "many-files-"));
    const data = join(dir, "data");
    for (let i = 0; i < COUNT; i += 100) {
      await mkdir(join(data, "client_files", CLIENT, path(i), ".."), { recursive: true });
      await Promise.all(Array.from({ length: 100 }, (_, j) => writeFile(join(data, "client_files", CLIENT, path(i + j)), body(i + j))));
    }
    store = new LocalObjectStore(data);
    edge = await startEdge({ store, originPrefix: "client_files", trustedKey: (id) => trustedPublicKeys.get(id), clock: () => new Date() }, 0);
    publisher = new Publisher({ store, prefix: "client_files", publicUrl: edge.url, signingKey: async () => ecSigningKey, clock: () => new Date() });
    if (hasChromium) browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await edge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(["per-file", "folder"] as const)("%s: the page is under 5 MB and its manifest and curl list hold every file with a working URL", async (mode) => {
    const record = await publisher.publish({ client: CLIENT, expiresAt: new Date(Date.now() + 86_400_000), issuedBy: "t", mode });
    expect(record.fileCount).toBe(COUNT);
    const page = await fetch(record.url);
    expect(page.status).toBe(200);
    expect((await page.arrayBuffer()).byteLength).toBeLessThan(5 * 1024 * 1024);
    const files = manifestFiles((await readText(store, record.pageObjects![0]!))!);
    expect(files.map((f) => f.path).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => path(i)).sort());
    const list = curlListPairs((await readText(store, record.pageObjects![1]!))!);
    expect(list).toHaveLength(COUNT);
    for (const i of [0, 12_345, COUNT - 1]) {
      const url = files.find((f) => f.path === path(i))!.url;
      expect(await (await fetch(url)).text()).toBe(body(i));
      expect(list.find((f) => f.output === path(i))!.url).toBe(url);
    }
  }, 60_000);

  it.skipIf(!hasChromium)("in Chromium: lists every file through the manifest, finds one by search and downloads it", async () => {
    const record = await publisher.publish({ client: CLIENT, expiresAt: new Date(Date.now() + 86_400_000), issuedBy: "t", mode: "folder" });
    const context = await browser!.newContext({ acceptDownloads: true });
    try {
      const page = await context.newPage();
      const complaints: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to|error/i.test(m.text())) complaints.push(m.text());
      });
      await page.goto(record.url);
      await expect.poll(() => page.textContent("#list-status"), { timeout: 20_000 }).toBe("20,000 files.");
      // Every file is in the drawn list: make the scroll box tall enough to draw all rows at once.
      const listed = (await page.evaluate(`new Promise((resolve) => {
        const box = document.getElementById("file-list");
        box.style.height = document.getElementById("file-rows").style.height;
        box.dispatchEvent(new Event("scroll"));
        requestAnimationFrame(() => resolve([...document.querySelectorAll("#file-rows a[data-path]")].map((a) => a.getAttribute("data-path"))));
      })`)) as string[];
      expect(listed.sort()).toEqual(Array.from({ length: COUNT }, (_, i) => path(i)).sort());

      await page.evaluate(`document.getElementById("file-list").style.height = ""`);
      await page.fill("#file-search", "photo #12345");
      await expect.poll(() => page.textContent("#list-status")).toBe("1 of 20,000 files match.");
      const link = page.locator("#file-rows a[data-path]");
      expect(await link.count()).toBe(1);
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe("photo #12345.jpg");
      expect(await readFile((await download.path())!, "utf8")).toBe(body(12_345));
      expect(complaints).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
