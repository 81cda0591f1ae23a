import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { repoRoot, runTool } from "../support/run-tool.js";
import { quietLogger } from "../../portal/logger.js";

const screenshots = join(repoRoot, "test-results", "screenshots");
const PASSWORD = "activity-browser-password-1";

/**
 * Download activity in a real browser, local mode: issue a link in the portal, open it and download
 * a file in the browser, fetch another in two Range parts and send a tampered signature; the link's
 * page shows all of it (and no signature), the links list says "downloaded 2 of 4", the JSON API
 * and `links activity --json` agree.
 */
describe.skipIf(!hasChromium)("download activity in Chromium, local mode", { timeout: 180_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let browser: Browser;
  let page: Page;
  let linkUrl: string;
  let linkId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "activity-browser-"));
    await mkdir(screenshots, { recursive: true });
    running = await startLocalMode(loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD } }) as LocalConfig, { logger: quietLogger });
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })).newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("issues a link, whose page says no one has opened it yet", async () => {
    await page.goto(`${running.portalUrl}/sign-in`);
    await page.fill("#username", "admin");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/clients/), page.click("button[type=submit]")]);
    await page.goto(`${running.portalUrl}/clients/acme-corp`);
    await Promise.all([page.waitForURL(/\/issued/), page.click("form button[type=submit].button--primary")]);
    linkUrl = await page.inputValue("#issued-link");
    linkId = new URL(linkUrl).searchParams.get("l")!;
    const activity = page.locator("#activity");
    expect(await activity.textContent()).toContain("No request of this link seen yet.");
    expect(await activity.textContent()).toMatch(/Activity up to .* UTC\. The local edge writes its log as it serves each request\./);
  });

  it("the client opens the page and downloads a file in the browser; another file comes in two Range parts; a tampered signature is refused", async () => {
    const client = await (await browser.newContext({ acceptDownloads: true })).newPage();
    expect((await client.goto(linkUrl))?.status()).toBe(200);
    const [download] = await Promise.all([client.waitForEvent("download"), client.getByRole("link", { name: /report-2026-q3\.csv/ }).first().click()]);
    await download.path();
    const jsonUrl = (await client.getByRole("link", { name: /orders 2026-09 \(final\)\.json/ }).first().getAttribute("href"))!;
    for (const range of ["bytes=0-19", "bytes=20-"]) {
      const part = await fetch(jsonUrl, { headers: { range } });
      expect(part.status).toBe(206);
      await part.arrayBuffer();
    }
    const tampered = await fetch(jsonUrl.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === "A" ? "B" : "A"}`));
    expect(tampered.status).toBe(403);
    await tampered.arrayBuffer();
    await client.context().close();
  });

  it("the link's page shows the activity: totals, timeline, files complete and not yet, every request; no signature", async () => {
    await page.goto(`${running.portalUrl}/links/${linkId}/issued?client=acme-corp`);
    const activity = page.locator("#activity");
    const text = (await activity.textContent())!;
    expect(text).toContain("downloaded 2 of 4");
    expect(text).toMatch(/1 page view · 3 downloads · 2 of 4 files complete · 1 refused/);
    expect(await page.locator(".timeline__item").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("Issued by admin"), expect.stringContaining("First opened"), expect.stringContaining("report-2026-q3.csv downloaded completely"), expect.stringContaining("exports/orders 2026-09 (final).json downloaded completely"), expect.stringContaining("1 request refused")]),
    );
    expect(await page.locator("[data-files=pending] li").allTextContents()).toEqual(["README.txt", "exports/Übersicht & notes #1.txt"]);
    expect(await page.locator(".activity__requests tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-outcome")))).toEqual(["denied", "partial", "partial", "complete", "complete"]);
    expect(await activity.innerHTML()).not.toMatch(/Signature|Key-Pair-Id|Policy=/);
    await page.screenshot({ path: join(screenshots, "activity-link-page.png"), fullPage: true });
  });

  it("the links list and the client page say how far the link got", async () => {
    await page.goto(`${running.portalUrl}/links`);
    const usage = page.locator(`[data-usage='${linkId}']`);
    expect(await usage.textContent()).toMatch(/^downloaded 2 of 4last download \S/);
    // The time shows in the viewer's zone (static/times.js); the UTC text the portal wrote stays as its tooltip.
    expect(await usage.locator("time").getAttribute("title")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await page.screenshot({ path: join(screenshots, "activity-links.png"), fullPage: true });
    await page.goto(`${running.portalUrl}/clients/acme-corp`);
    expect(await page.locator(".activity__recent").textContent()).toContain("downloaded 2 of 4");
  });

  it("GET /api/links/:id/activity and `links activity --json` give the same requests", async () => {
    const api = await page.request.get(`${running.portalUrl}/api/links/${linkId}/activity`);
    expect(api.status()).toBe(200);
    const fromApi = await api.json();
    const cli = await runTool("links.ts", ["activity", linkId, "--json"], { env: { SHARE_DATA_DIR: dataDir } });
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    const shape = (a: { events: { at: string; file: string | null; outcome: string }[] }) => a.events.map((e) => [e.at, e.file, e.outcome]);
    expect(shape(fromApi)).toEqual(shape(fromCli));
    expect(fromCli.totals).toMatchObject({ downloads: 3, pageViews: 1, denied: 1 });
    expect(JSON.stringify(fromApi)).not.toContain("Signature=");
    expect((await page.request.get(`${running.portalUrl}/api/links/AAAAAAAAAAAAAAAAAAAAAA/activity`)).status()).toBe(404);
  });
});
