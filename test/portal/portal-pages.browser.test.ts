// Every portal page in Chromium (docs/portal.md), and the e-mail a client receives: axe-core finds no
// violation (nested interactive elements included), times show in the viewer's time zone, the upload
// pickers show a focus ring, and the README's screenshot is taken from the client page as it is now.
// One browser for the file; the portal runs in process (its app answers the browser's requests).
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { simpleParser } from "mailparser";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailConfig } from "../../lib/config.js";
import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { clientFilesOn } from "../files/subjects.js";
import { axeViolations } from "../support/axe.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { repoRoot } from "../support/run-tool.js";
import { ADMIN, issueThroughForm, portal, postForm, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "./fixture.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any;

const MAIL: MailConfig = { transport: { kind: "outbox" }, from: "shares@example.com", ownDomains: ["example.com"], perUserPerHour: 50, remindBeforeMs: 2 * 86_400_000 };
/** The README's picture of the portal (README.md), rewritten by this test with SIGNED_SHARE_UPDATE_SCREENSHOT=1
 * (docs/contributing.md); otherwise taken and discarded, so a run leaves the checkout as it was. */
const README_SCREENSHOT = join(repoRoot, "docs", "images", "portal-client.png");

describe.skipIf(!hasChromium)("every portal page in Chromium", { timeout: 180_000 }, () => {
  let base: TestStore;
  let p: TestPortal;
  let browser: Browser;
  let context: BrowserContext;
  let admin: { cookie: string; token: string };
  let linkId: string;
  let sentLinkId: string;
  let server: Server;
  let ORIGIN: string;

  /** The request as the signed-in admin sends it. The pages' no-referrer policy makes Chromium send Origin null:
   * without Origin and Sec-Fetch-Site, the CSRF token decides, as for a client that is no browser. */
  function asAdmin(request: Request): Request {
    const headers = new Headers(request.headers);
    headers.delete("origin");
    headers.delete("sec-fetch-site");
    headers.set("cookie", admin.cookie);
    return new Request(request, { headers });
  }

  beforeAll(async () => {
    base = await storeWithUsers();
    const clock = () => p.clock();
    p = portal(base, { files: clientFilesOn(base.store), listingCacheMs: 0, delivery: { mailer: new OutboxMailer(base.store, clock), mail: MAIL, limiter: new SendLimiter(clock, 50) } });
    await new ClientProfiles(base.store, () => new Date()).save("acme-corp", { displayName: "ACME Corporation", contacts: ["buyer@acme.example"], language: "de", timeZone: "Europe/Berlin" }, "test");
    admin = await session(p, ADMIN);
    expect((await p.app.request("/mail", postForm(admin, { address: "adam@example.com", displayName: "Adam Schmidt", notifications: "on" }))).status).toBeLessThan(400);
    ({ linkId } = await issueThroughForm(p, admin, "acme-corp", { expiry: "7d" }));
    const sent = await p.app.request("/api/clients/acme-corp/links", postJson(admin, { expires: "7d", to: ["buyer@acme.example"], senderName: "Adam Schmidt" }));
    expect(sent.status, await sent.clone().text()).toBe(201);
    sentLinkId = ((await sent.json()) as { link: { linkId: string } }).link.linkId;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Berlin", locale: "en-GB" });
    // The browser's requests go to the app in this process over loopback, as the signed-in admin.
    server = serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => p.app.fetch(asAdmin(request)) }) as Server;
    await once(server, "listening");
    ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await base?.cleanup();
  });

  const pages = () => [
    "/clients",
    "/clients/acme-corp",
    "/clients/acme-corp/upload",
    "/clients/acme-corp/profile",
    "/clients/acme-corp/delete?path=README.txt",
    "/clients/acme-corp/revoke-all",
    "/new-client",
    "/links",
    `/links/${linkId}/issued?client=acme-corp`,
    `/links/${sentLinkId}/issued?client=acme-corp`,
    `/links/${linkId}/renew?client=acme-corp`,
    `/links/${linkId}/revoke?client=acme-corp`,
    "/mail",
    "/outbox",
    "/settings",
    "/account",
    "/account/password",
    "/tokens",
    "/users",
    "/audit",
    "/keys",
  ];

  it("axe finds no violation on any page, at 1280 and 390 px, light and dark; no page scrolls sideways", async () => {
    const problems: string[] = [];
    // Light and dark side by side, one tab each that visits every page in turn: while one tab waits for
    // the app or for axe, the other works.
    await Promise.all(
      (["light", "dark"] as const).map(async (colorScheme) => {
        const tab = await context.newPage();
        await tab.emulateMedia({ colorScheme });
        for (const path of pages()) {
          await tab.setViewportSize({ width: 1280, height: 900 });
          const response = await tab.goto(`${ORIGIN}${path}`);
          expect(response?.status(), path).toBe(200);
          for (const width of colorScheme === "light" ? [1280, 390] : [1280]) {
            await tab.setViewportSize({ width, height: 900 });
            const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 0) problems.push(`${path} ${colorScheme} ${width}px: scrolls sideways by ${overflow}px`);
            for (const violation of await axeViolations(tab)) problems.push(`${path} ${colorScheme} ${width}px: ${violation}`);
          }
        }
        await tab.close();
      }),
    );
    expect(problems.sort()).toEqual([]);
  });

  it("shows times in the viewer's time zone, the UTC time as its tooltip", async () => {
    const tab = await context.newPage();
    await tab.goto(`${ORIGIN}/links/${linkId}/issued?client=acme-corp`);
    const time = tab.locator("main time[datetime]").first();
    expect(await time.getAttribute("title")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(await time.textContent()).toMatch(/CET|CEST|GMT\+1|GMT\+2/);
    await tab.close();
  });

  it("the upload pickers show a focus ring when reached with the keyboard", async () => {
    const tab = await context.newPage();
    await tab.goto(`${ORIGIN}/clients/acme-corp/upload`);
    await tab.focus("#upload-folder");
    let outline = "none";
    for (let i = 0; i < 8 && outline === "none"; i++) {
      await tab.keyboard.press("Tab");
      if ((await tab.evaluate(() => document.activeElement?.id)) === "upload-files") outline = await tab.evaluate(() => window.getComputedStyle(document.querySelector("label[for=upload-files]")).outlineStyle);
    }
    expect(outline).toBe("solid");
    await tab.close();
  });

  it("on the client page the file boxes come before the Issue button in tab order; the new link has the focus on its page", async () => {
    const tab = await context.newPage();
    await tab.goto(`${ORIGIN}/clients/acme-corp`);
    const order = await tab.evaluate(() => {
      const all = [...document.querySelectorAll("input[type=checkbox], button[type=submit]")] as any[];
      return { box: all.findIndex((e) => e.type === "checkbox" && e.form?.id), issue: all.findIndex((e) => e.closest("#issue-form") && e.type === "submit") };
    });
    expect(order.box).toBeGreaterThanOrEqual(0);
    expect(order.box).toBeLessThan(order.issue);
    await tab.click("#issue-form button[type=submit]");
    await tab.waitForSelector("#issued-link");
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe("issued-link");
    // The README's screenshot: the client page as it is now.
    await tab.goto(`${ORIGIN}/clients/acme-corp`);
    if (process.env.SIGNED_SHARE_UPDATE_SCREENSHOT === "1") {
      await mkdir(join(repoRoot, "docs", "images"), { recursive: true });
      await tab.screenshot({ path: README_SCREENSHOT });
    } else expect((await tab.screenshot()).length).toBeGreaterThan(0);
    await tab.close();
  });

  it("the e-mail a client receives has no axe violation, light and dark", async () => {
    const mail = (await new Outbox(base.store).list()).find((entry) => entry.linkId === sentLinkId)!;
    const parsed = await simpleParser((await new Outbox(base.store).eml(mail.id))!);
    expect(parsed.html).toContain('<html lang="de">');
    for (const colorScheme of ["light", "dark"] as const) {
      const tab = await browser.newPage({ colorScheme });
      await tab.setContent(parsed.html || "", { waitUntil: "load" });
      expect(await axeViolations(tab), colorScheme).toEqual([]);
      await tab.close();
    }
  });
});
