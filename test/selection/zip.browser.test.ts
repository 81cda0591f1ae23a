import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../support/browser.js";
import { CLIENT, FILES, selectionFixture } from "./fixture.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The expected entries of a zip of `paths`: path → SHA-256 of the stored bytes. */
const expected = (paths: string[]) => Object.fromEntries(paths.map((p) => [p, sha256(Buffer.from(FILES[p]!))]));

/** Path → SHA-256 of each file entry of a zip (folders come from the paths). */
function entries(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, sha256(bytes)]));
}

/** `path` of the client's folder with the signing query of `signed`. */
function outside(signed: string | null, path: string): string {
  const url = new URL(signed!);
  return `${url.origin}/${encodeURIComponent(CLIENT)}/${path.split("/").map(encodeURIComponent).join("/")}${url.search}`;
}

describe.skipIf(!hasChromium)("Download all (.zip) in Chromium, through the local edge", () => {
  let fx: Awaited<ReturnType<typeof selectionFixture>>;
  let browser: Browser;

  beforeAll(async () => {
    fx = await selectionFixture();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  /** A fresh page that records every request and every CSP complaint. */
  async function open(url: string, init?: string): Promise<{ context: BrowserContext; page: Page; requests: string[]; console: string[] }> {
    const context = await browser.newContext({ acceptDownloads: true });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const requests: string[] = [];
    const console: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => console.push(message.text()));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    return { context, page, requests, console };
  }

  it("two chosen files: the page lists exactly those, the zip (built in memory where streaming is missing) holds exactly them", async () => {
    const only = ["exports/2025/summary.csv", "exports/ünïcödé 日本語 #1 100% a+b.txt"];
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only });
    // No showSaveFilePicker, as in Firefox and Safari: the fallback path.
    const { context, page, requests, console } = await open(record.url, "delete window.showSaveFilePicker;");
    const listed = await page.locator("a[data-path]").evaluateAll((links) => links.map((a) => a.getAttribute("data-path")));
    expect(listed.sort()).toEqual([...only].sort());
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#zip-button")]);
    expect(download.suggestedFilename()).toBe(`${CLIENT}-files.zip`);
    const saved = join(fx.dir, "fallback.zip");
    await download.saveAs(saved);
    expect(entries(await readFile(saved))).toEqual(expected(only));
    await rm(saved);
    await expect.poll(() => page.textContent("#zip-status")).toMatch(/^Done: .*For very large downloads, use the commands below\.$/);
    // Another file with a chosen file's signature: per-file mode has no signature for it.
    const denied = await page.goto(outside(await page.locator("a[data-path]").first().getAttribute("href"), "exports/2026/summary.csv"));
    expect(denied?.status()).toBe(403);
    expect(await denied?.headerValue("x-deny-reason")).toBe("bad-signature");
    const origin = new URL(fx.edge.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:"))).toEqual([]);
    expect(console.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await context.close();
  });

  it("a folder-mode link for exports/: the zip is streamed to the picked file, same names in two folders kept apart", async () => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode: "folder", only: ["exports/"] });
    // A file picker that writes into memory, so the test can read what the page streamed.
    const picker = `window.__zip = []; window.__zipClosed = false;
      window.showSaveFilePicker = async (options) => { window.__suggested = options.suggestedName; return {
        createWritable: async () => new WritableStream({ write(chunk) { window.__zip.push(Array.from(new Uint8Array(chunk.buffer ? chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) : chunk))); }, close() { window.__zipClosed = true; } }) }; };`;
    const { context, page, console } = await open(record.url, picker);
    await page.click("#zip-button");
    await expect.poll(() => page.evaluate("window.__zipClosed"), { timeout: 20_000 }).toBe(true);
    const chunks = await page.evaluate<number[][]>("window.__zip");
    const zip = Uint8Array.from(chunks.flat());
    const exported = Object.keys(FILES).filter((p) => p.startsWith("exports/"));
    expect(entries(zip)).toEqual(expected(exported));
    expect(await page.textContent("#zip-status")).toContain(`Saved ${CLIENT}-files.zip: ${exported.length} files`);
    expect(console.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    // The sub-folder's wildcard does not reach a sibling folder.
    const denied = await page.goto(outside(await page.locator("a[data-path]").first().getAttribute("href"), "invoices/2026-01.pdf"));
    expect(denied?.status()).toBe(403);
    expect(await denied?.headerValue("x-deny-reason")).toBe("resource-mismatch");
    await context.close();
  });

  it("without JavaScript: no zip button, but the list and the commands are there", async () => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["invoices/"] });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(record.url);
    expect(await page.isVisible("#zip-button")).toBe(false);
    expect(await page.locator("a[data-path]").count()).toBe(2);
    expect(await page.inputValue("#all-commands")).toContain("curl --create-dirs -fLo 'invoices/private/notes.txt'");
    await context.close();
  });
});
