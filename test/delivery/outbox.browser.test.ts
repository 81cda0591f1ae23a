import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../support/browser.js";
import { repoRoot, startDist } from "../support/run-tool.js";

const screenshots = join(repoRoot, "test-results", "screenshots");
const PASSWORD = "outbox-browser-password";

/**
 * Local mode as a new user tries e-mail delivery: `npm start` with no mail settings, issue a link
 * in Chromium, send it from the issued-link page; the .eml appears in the data directory's outbox
 * and on the Outbox page, and the link in it downloads the files through the local edge.
 */
describe.skipIf(!hasChromium)("local mode: send a link by e-mail into the outbox, in Chromium", () => {
  let dataDir: string;
  let portalUrl: string;
  let stop: () => Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "signed-share-outbox-"));
    await mkdir(screenshots, { recursive: true });
    const started = await startDist(["start"], /Press Ctrl\+C to stop/, {
      env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD, PORTAL_SENDER_NAME: "Example Ltd" },
      timeoutMs: 60_000,
    });
    stop = started.stop;
    portalUrl = started.output().match(/portal\s+(http:\/\/\S+)/)![1]!;
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })).newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("issues and sends from the portal; the .eml is in the outbox and on the Outbox page; its link downloads the files", async () => {
    await page.goto(`${portalUrl}/sign-in`);
    await page.fill("#username", "admin");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/clients/), page.click("button[type=submit]")]);

    await page.goto(`${portalUrl}/clients/acme-corp`);
    await Promise.all([page.waitForURL(/\/issued/), page.click("form button[type=submit].button--primary")]);
    const issuedUrl = await page.inputValue("#issued-link");

    await page.fill("#send-to", "buyer@acme.example\nops@acme.example");
    await page.fill("#send-message", "Hello ACME,\n\nthe Q3 report is ready. <i>Thanks</i>");
    await page.screenshot({ path: join(screenshots, "delivery-1-send.png"), fullPage: true });
    await Promise.all([page.waitForURL(/sent=/), page.click("#send button[type=submit]")]);
    expect(await page.textContent("#send")).toContain("Sent to buyer@acme.example, ops@acme.example through the outbox");
    await page.screenshot({ path: join(screenshots, "delivery-2-sent.png"), fullPage: true });

    const outboxDir = join(dataDir, "portal", "outbox");
    const eml = (await readdir(outboxDir)).find((name) => name.endsWith(".eml"))!;
    const mail = await simpleParser(await readFile(join(outboxDir, eml)));
    expect(mail.subject).toBe("Your files from Example Ltd");
    expect((mail.to as { text: string }).text).toBe("buyer@acme.example, ops@acme.example");
    expect(mail.text).toContain("the Q3 report is ready. <i>Thanks</i>");
    expect(mail.html).toContain("the Q3 report is ready. &lt;i&gt;Thanks&lt;/i&gt;");

    await page.click("a[href='/mail']");
    await page.click("a[href='/outbox']");
    await page.waitForURL(/\/outbox$/);
    expect(await page.textContent("main")).toContain("buyer@acme.example, ops@acme.example");
    await page.screenshot({ path: join(screenshots, "delivery-3-outbox.png"), fullPage: true });
    await page.getByRole("link", { name: "Your files from Example Ltd" }).click();
    await page.waitForURL(/\/outbox\/\d{8}T/);
    const shown = (await page.textContent("pre.mail-text"))!;
    expect(shown).toContain("the Q3 report is ready. <i>Thanks</i>");
    await page.screenshot({ path: join(screenshots, "delivery-4-message.png"), fullPage: true });

    // The recipient's view: the link from the message, through the local edge.
    const linkInMail = /^(http:\/\/\S+)$/m.exec(shown)![1]!;
    expect(linkInMail).toBe(issuedUrl);
    const response = await page.goto(linkInMail);
    expect(response?.status()).toBe(200);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /report-2026-q3\.csv/ }).first().click()]);
    const saved = join(dataDir, "from-mail.csv");
    await download.saveAs(saved);
    expect(await readFile(saved)).toEqual(await readFile(join(dataDir, "client_files", "acme-corp", "report-2026-q3.csv")));
  });
});
