import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { quietLogger } from "../../portal/logger.js";

const ADMIN_PASSWORD = "links-browser-admin-password";

/**
 * Links you can find, in a real browser, local mode: links issued with labels through the client
 * page's form; on the Links page a search finds two of them and keeps its words in the box; both are
 * ticked and revoked together after one confirmation; the third keeps working.
 */
describe.skipIf(!hasChromium)("finding and revoking links on the Links page in Chromium", { timeout: 180_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let browser: Browser;
  let page: Page;

  const issue = async (client: string, label: string) => {
    await page.goto(`${running.portalUrl}/clients/${client}`);
    await page.fill("#issue-label", label);
    await Promise.all([page.waitForURL(/\/links\/[^/]+\/issued/), page.click("#issue-form button[type=submit]")]);
    return /\/links\/([^/]+)\/issued/.exec(page.url())![1]!;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "links-browser-"));
    running = await startLocalMode(loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: ADMIN_PASSWORD } }) as LocalConfig, { logger: quietLogger });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    await page.goto(`${running.portalUrl}/sign-in`);
    await page.fill("#username", "admin");
    await page.fill("#password", ADMIN_PASSWORD);
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("searches, ticks two links and revokes them with one confirmation", async () => {
    const march = await issue("acme-corp", "March invoices");
    const marchGlobex = await issue("globex", "March statements");
    const april = await issue("acme-corp", "April invoices");

    await page.goto(`${running.portalUrl}/links`);
    await page.fill("#filter-search", "march");
    await Promise.all([page.waitForURL(/\/links\?q=march/), page.click("form.filters button[type=submit]")]);
    expect(await page.inputValue("#filter-search")).toBe("march");
    const rows = await page.locator("#bulk-revoke tbody tr").evaluateAll((trs) => trs.map((tr) => tr.id));
    expect(rows.sort()).toEqual([`link-${march}`, `link-${marchGlobex}`].sort());

    await page.check(`#link-${march} input[type=checkbox]`);
    await page.check(`#link-${marchGlobex} input[type=checkbox]`);
    await Promise.all([page.waitForURL(/\/links\/revoke-selected/), page.click("#bulk-revoke button[type=submit]")]);
    expect(await page.textContent("h1")).toBe("Revoke 2 links?");
    expect(await page.locator("table tbody tr").count()).toBe(2);
    await Promise.all([page.waitForLoadState("load"), page.click("form[action='/links/revoke-selected'] button[type=submit]")]);
    expect(await page.textContent("h1")).toBe("2 links revoked");
    expect(await page.locator("li[data-outcome=revoked]").count()).toBe(2);

    await page.goto(`${running.portalUrl}/links?q=invoices`);
    expect(await page.textContent(`#link-${march} .badge`)).toBe("revoked");
    expect(await page.textContent(`#link-${april} .badge`)).toBe("active");
    expect(await page.locator(`#link-${april} .link-label`).textContent()).toBe("April invoices");
  });
});
