import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { totpCode } from "../../lib/users/totp.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { quietLogger } from "../../portal/logger.js";

const ADMIN_PASSWORD = "users-browser-admin-password";
const NEW_PASSWORD = "nina-chosen-password-1";

/**
 * Users and two-factor sign-in in a real browser, local mode: an admin adds a user with a shown
 * initial password; the user signs in, chooses a password, enrols TOTP (the test computes the codes
 * from the key shown under the QR code), signs in with password and code, then with a recovery
 * code, which works once; the admin disables the user, whose open session ends at once.
 */
describe.skipIf(!hasChromium)("users and two-factor sign-in in Chromium", { timeout: 180_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let browser: Browser;
  let admin: Page;
  let userContext: BrowserContext;
  let user: Page;
  let initialPassword: string;
  let secret: string;
  let recovery: string[];
  /**
   * A code is accepted once, and only a later step's after it; the portal accepts the steps before
   * and after the current one. Starting one step back, three codes fit without waiting.
   */
  let step = 0;
  const nextCode = () => {
    step = Math.max(step + 1, Math.floor(Date.now() / 30_000) - 1);
    return totpCode(secret, new Date(step * 30_000));
  };

  const signIn = async (page: Page, name: string, password: string) => {
    await page.goto(`${running.portalUrl}/sign-in`);
    await page.fill("#username", name);
    await page.fill("#password", password);
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "users-browser-"));
    running = await startLocalMode(loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: ADMIN_PASSWORD } }) as LocalConfig, { logger: quietLogger });
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    userContext = await browser.newContext();
    user = await userContext.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("an admin adds a user with an initial password shown once", async () => {
    await signIn(admin, "admin", ADMIN_PASSWORD);
    await admin.goto(`${running.portalUrl}/users`);
    await admin.fill("#user-name", "nina");
    await admin.selectOption("#user-role", "operator");
    await admin.check("input[name=handover][value=password]");
    await Promise.all([admin.waitForLoadState("load"), admin.click("form[action='/users'] button[type=submit]")]);
    initialPassword = await admin.inputValue("#initial-password");
    expect(initialPassword).toHaveLength(20);
    expect(await admin.locator("tr[data-user=nina]").textContent()).toContain("operator");
  });

  it("the user signs in, must choose a password, then enrols TOTP with the QR code and a code from the app", async () => {
    await signIn(user, "nina", initialPassword);
    expect(new URL(user.url()).pathname).toBe("/account/password");
    await user.fill("#password", NEW_PASSWORD);
    await user.fill("#repeat", NEW_PASSWORD);
    await Promise.all([user.waitForLoadState("load"), user.click("form[action='/account/password'] button[type=submit]")]);
    await user.goto(`${running.portalUrl}/account/two-factor`);
    expect(await user.locator(".qr svg").count()).toBe(1);
    secret = (await user.getAttribute("#totp-secret", "data-secret"))!;
    await user.fill("#code", nextCode());
    await Promise.all([user.waitForLoadState("load"), user.click("form[action='/account/two-factor'] button[type=submit]")]);
    recovery = await user.locator("#recovery-codes li").allTextContents();
    expect(recovery).toHaveLength(10);
    await user.goto(`${running.portalUrl}/account`);
    expect(await user.textContent("#two-factor-status")).toContain("On. 10 of 10 recovery codes left.");
  });

  it("signs in with password and code; a recovery code works once", async () => {
    await userContext.clearCookies();
    await signIn(user, "nina", NEW_PASSWORD);
    expect(new URL(user.url()).pathname).toBe("/sign-in/code");
    await user.fill("#code", nextCode());
    await Promise.all([user.waitForURL(/\/clients/), user.click("button[type=submit]")]);

    for (const expected of ["signed in", "refused"]) {
      await userContext.clearCookies();
      await signIn(user, "nina", NEW_PASSWORD);
      await user.fill("#code", recovery[0]!);
      await Promise.all([user.waitForLoadState("load"), user.click("button[type=submit]")]);
      if (expected === "signed in") expect(new URL(user.url()).pathname).toBe("/clients");
      else expect(await user.textContent("#code-error")).toContain("not right");
    }
  });

  it("an admin disables the user: the open session ends at its next request", async () => {
    await userContext.clearCookies();
    await signIn(user, "nina", NEW_PASSWORD);
    await user.fill("#code", nextCode());
    await Promise.all([user.waitForURL(/\/clients/), user.click("button[type=submit]")]);
    await admin.goto(`${running.portalUrl}/users/local/nina`);
    await Promise.all([admin.waitForLoadState("load"), admin.click("form[action$='/disable'] button")]);
    expect(await admin.textContent("#user-summary")).toContain("disabled");
    await user.goto(`${running.portalUrl}/links`);
    expect(new URL(user.url()).pathname).toBe("/sign-in");
    await admin.goto(`${running.portalUrl}/audit?user=nina`);
    const events = await admin.locator("#audit-events tr[data-event]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-event")));
    expect(events).toEqual(expect.arrayContaining(["sign-in", "sign-in-failed", "two-factor-enabled", "password-changed"]));
  });
});
