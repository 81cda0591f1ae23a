import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../support/browser.js";
import { repoRoot, startScript } from "../support/run-tool.js";

const screenshots = join(repoRoot, "test-results", "screenshots");

/**
 * A new user's first session, in a real browser: `npm start` on an empty data directory, sign in
 * with the printed password, issue a link for a demo client, open it, download a file, revoke it.
 */
describe.skipIf(!hasChromium)("local mode in Chromium, as a new user", () => {
  let dataDir: string;
  let portalUrl: string;
  let password: string;
  let stop: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let linkUrl: string;
  let fileUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "signed-share-start-"));
    await mkdir(screenshots, { recursive: true });
    const started = await startScript("start", [], /Press Ctrl\+C to stop/, {
      env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "" },
      timeoutMs: 60_000,
    });
    stop = started.stop;
    const banner = started.output();
    portalUrl = banner.match(/portal\s+(http:\/\/\S+)/)![1]!;
    password = banner.match(/sign in as admin with password (\S+)/)![1]!;
    browser = await launchChromium();
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("signs in with the password npm start printed", async () => {
    await page.goto(portalUrl);
    await expect.poll(() => page.url()).toContain("/sign-in");
    await page.screenshot({ path: join(screenshots, "1-sign-in.png"), fullPage: true });
    await page.fill("#username", "admin");
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(/\/clients/), page.click("button[type=submit]")]);
    expect(await page.textContent("main")).toContain("acme-corp");
    await page.screenshot({ path: join(screenshots, "2-clients.png"), fullPage: true });
  });

  it("issues a link for a demo client and shows it with a QR code", async () => {
    await page.click("a[href='/clients/acme-corp']");
    await page.waitForURL(/\/clients\/acme-corp$/);
    await page.screenshot({ path: join(screenshots, "3-client.png"), fullPage: true });
    await Promise.all([page.waitForURL(/\/issued/), page.click("form button[type=submit].button--primary")]);
    linkUrl = await page.inputValue("#issued-link");
    expect(linkUrl).toMatch(/^http:\/\/localhost:\d+\/acme-corp\/_links\/.+\.html\?l=[A-Za-z0-9_-]{22}&Expires=\d+&Signature=.+&Key-Pair-Id=\w+$/);
    expect(await page.locator("svg").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, "4-issued.png"), fullPage: true });
  });

  it("opens the link and downloads a file with exactly the stored bytes", async () => {
    const response = await page.goto(linkUrl);
    expect(response?.status()).toBe(200);
    expect(await page.textContent("body")).toContain("orders 2026-09 (final).json");
    await page.screenshot({ path: join(screenshots, "5-client-index.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /report-2026-q3\.csv/ }).first().click()]);
    const saved = join(dataDir, "downloaded.csv");
    await download.saveAs(saved);
    fileUrl = (await page.getByRole("link", { name: /report-2026-q3\.csv/ }).first().getAttribute("href"))!;
    expect(await readFile(saved)).toEqual(await readFile(join(dataDir, "client_files", "acme-corp", "report-2026-q3.csv")));
  });

  it("revokes the link, after which its page and its file links are refused by the edge guard", async () => {
    await page.goto(`${portalUrl}/links`);
    await page.screenshot({ path: join(screenshots, "6-links.png"), fullPage: true });
    await page.locator("a[href*='/revoke']").first().click();
    await page.waitForURL(/\/revoke/);
    await Promise.all([page.waitForNavigation(), page.click("button.button--danger")]);
    expect(await page.textContent("main")).toMatch(/revoked/i);
    expect(await page.textContent("main")).toMatch(/refuses every address of the link at once/);
    const denied = await page.goto(linkUrl);
    expect(denied?.status()).toBe(403);
    expect(await page.textContent("h1")).toContain("This link has been withdrawn");
    const file = await fetch(fileUrl);
    expect(file.status).toBe(403);
    await file.arrayBuffer();
    await page.screenshot({ path: join(screenshots, "7-revoked-link.png"), fullPage: true });
  });
});
