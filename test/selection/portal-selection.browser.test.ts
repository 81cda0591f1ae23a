import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type ClosePortal } from "../../portal/server.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { portal, session, storeWithUsers, SESSION_COOKIE, type TestPortal, type TestStore } from "../portal/fixture.js";
import { BIG, writeBigClient } from "../portal/big-client.js";

let browser: Browser;
beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A portal over `base` on a loopback port, and a Chromium page signed in to it. */
async function signedInPage(base: TestStore): Promise<{ p: TestPortal; close: ClosePortal; page: Page }> {
  const p = portal(base);
  const close = await startPortal(p.app, 0, "127.0.0.1");
  const s = await session(p);
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: s.cookie.slice(SESSION_COOKIE.length + 1), url: `http://127.0.0.1:${close.port}` }]);
  return { p, close, page: await context.newPage() };
}

/** The client page's checkboxes in Chromium: a folder ticks what is inside it, the form counts files and bytes, the link covers the ticked. */
describe.skipIf(!hasChromium)("choosing files on the client page, in Chromium", () => {
  let base: TestStore;
  let p: TestPortal;
  let close: ClosePortal;
  let page: Page;

  beforeAll(async () => {
    base = await storeWithUsers();
    ({ p, close, page } = await signedInPage(base));
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await base?.cleanup();
  });

  it("counts the chosen files, locks a ticked folder's contents, and issues a link for exactly them", async () => {
    await page.goto(`http://127.0.0.1:${close.port}/clients/acme-corp`);
    expect(await page.textContent("#selection-cover")).toBe("Covers the whole folder: 4 files, 90 B.");
    await page.check('input[value="reports/"]');
    expect(await page.isChecked('input[value="reports/2026/q1.csv"]')).toBe(true);
    expect(await page.isDisabled('input[value="reports/2026/q1.csv"]')).toBe(true);
    expect(await page.textContent("#selection-cover")).toBe("Covers 2 files chosen, 48 B.");
    await page.check('input[value="README.txt"]');
    expect(await page.textContent("#selection-cover")).toBe("Covers 3 files chosen, 71 B.");
    await Promise.all([page.waitForURL(/\/issued/), page.click("form#issue-form button[type=submit]")]);
    const linkId = /\/links\/([^/]+)\/issued/.exec(page.url())![1]!;
    expect(await p.deps.services.publisher.records.get("acme-corp", linkId)).toMatchObject({ selection: ["reports/", "README.txt"], fileCount: 3, bytes: 71 });
    expect(await page.textContent("main")).toContain("reports/");
  });
});

/** A client of more than 1,000 files: one folder at a time, folders opened in place in Chromium. */
describe.skipIf(!hasChromium)("a big client's page, in Chromium", () => {
  let base: TestStore;
  let p: TestPortal;
  let close: ClosePortal;
  let page: Page;

  beforeAll(async () => {
    base = await storeWithUsers();
    await writeBigClient(base);
    ({ p, close, page } = await signedInPage(base));
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await base?.cleanup();
  });

  it("opens a folder in place, loads more of it, and issues a link for a file ticked inside it", async () => {
    await page.goto(`http://127.0.0.1:${close.port}/clients/${BIG}`);
    expect(await page.textContent("#selection-cover")).toBe("Covers the whole folder: more than 1,000 files.");
    expect(await page.locator("#large-warning").isVisible()).toBe(true);
    await page.click('a.tree__open[href$="folder=set-1%2F"]');
    await expect.poll(() => page.locator('input[value="set-1/photo-0001.jpg"]').count()).toBe(1);
    expect(await page.locator('ul.tree__children input[value^="set-1/"]').count()).toBe(200);
    await page.click(".tree__children .tree__more a");
    await expect.poll(() => page.locator('ul.tree__children input[value^="set-1/"]').count()).toBe(400);
    await page.check('input[value="set-1/photo-0301.jpg"]');
    expect(await page.textContent("#selection-cover")).toBe("Covers 1 file chosen, 10 B.");
    await Promise.all([page.waitForURL(/\/issued/), page.click("form#issue-form button[type=submit]")]);
    const linkId = /\/links\/([^/]+)\/issued/.exec(page.url())![1]!;
    expect(await p.deps.services.records.get(BIG, linkId)).toMatchObject({ selection: ["set-1/photo-0301.jpg"], fileCount: 1 });
  });
});
