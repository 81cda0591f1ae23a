// Chromium, local mode: an operator creates a file request in the portal; the client opens its link
// (through the local edge), sends oddly named files, a folder and a 200 MB file whose connection drops
// once (the page resumes); every file arrives byte-identical under received/, the receipt shows each
// file's SHA-256, and the operator's e-mail is in the outbox.
// Why this file takes tens of seconds: issue 24 asks for a 200 MB file with one resume in a real
// browser, hashed by the page and sent part by part through the edge; it is the one test that does.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { quietLogger } from "../../portal/logger.js";

const PASSWORD = "request-browser-password-1";
const BIG = 200 * 1024 * 1024;

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (let written = 0; written < size; written += 8 * 1024 * 1024) await handle.write(randomBytes(Math.min(8 * 1024 * 1024, size - written)));
  } finally {
    await handle.close();
  }
}

describe.skipIf(!hasChromium)("a file request in Chromium (local mode)", { timeout: 300_000 }, () => {
  let work: string;
  let dataDir: string;
  let source: string;
  let running: RunningLocalMode;
  let browser: Browser;
  let operator: Page;
  let client: Page;
  let requestUrl: string;
  let requestId: string;
  const odd = ["with space.txt", "ünïcødé 日本.txt", "hash#1.txt", "percent%20.txt", "plus+sign & amp.txt", "quote's \"name\".txt"];
  const folder = ["photos/2026/a (1).jpg", "photos/2026/b.jpg", "photos/notes.md"];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "request-browser-"));
    dataDir = join(work, "data");
    source = join(work, "client");
    await mkdir(join(source, "photos", "2026"), { recursive: true });
    for (const name of [...odd, ...folder]) await writeFile(join(source, name), `${name}\n${randomBytes(64).toString("hex")}\n`);
    await writeRandom(join(source, "big file.bin"), BIG);
    running = await startLocalMode(loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD } }) as LocalConfig, { logger: quietLogger });
    await new MailSettingsStore(new LocalObjectStore(dataDir), () => new Date()).save("admin", { address: "ops@example.com", notifications: true });
    browser = await launchChromium();
    operator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // The client: another browser context (no portal session), a phone-sized screen.
    client = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("the operator creates a request from the client's page", async () => {
    await operator.goto(`${running.portalUrl}/sign-in`);
    await operator.fill("#username", "admin");
    await operator.fill("#password", PASSWORD);
    await Promise.all([operator.waitForURL(/\/clients/), operator.click("button[type=submit]")]);
    await operator.goto(`${running.portalUrl}/clients/acme-corp`);
    await operator.getByRole("link", { name: "Request files" }).click();
    await operator.fill("#request-expires", "7d");
    await operator.fill("#request-max-files", "20");
    await operator.fill("#request-note", "Please send the signed contract and the photos.");
    await Promise.all([operator.waitForURL(/\/requests\/[A-Za-z0-9_-]{22}$/), operator.getByRole("button", { name: "Create the request" }).click()]);
    requestId = /\/requests\/([A-Za-z0-9_-]{22})$/.exec(operator.url())![1]!;
    requestUrl = (await operator.inputValue("#request-url")).trim();
    expect(requestUrl).toContain(`/acme-corp/_links/${requestId}.html?l=${requestId}&Policy=`);
  });

  it("the client's page states the limits and expiry, and works with the keyboard", async () => {
    const errors: string[] = [];
    client.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await client.goto(requestUrl);
    await expect(client.textContent("main")).resolves.toContain("Please send the signed contract and the photos.");
    const limits = await client.textContent("#limits-heading + ul");
    expect(limits).toContain("Up to 20 files.");
    expect(await client.textContent(".expiry")).toMatch(/This page takes files until \w+day, \w+ \d+, \d{4} at \d{2}:\d{2}( [AP]M)? UTC/);
    expect(await client.isVisible("#uploader")).toBe(true);
    expect(await client.isVisible("#upload-no-js")).toBe(false);
    // Keyboard: the pickers and the send button are reachable with Tab, with a visible focus.
    const reached: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      await client.keyboard.press("Tab");
      reached.push(await client.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? ""));
    }
    expect(reached).toEqual(expect.arrayContaining(["pick-files", "pick-folder", "upload-email", "upload-send"]));
    // Phone-sized: nothing overflows sideways.
    expect(await client.evaluate(() => {
      const w = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return w.document.documentElement.scrollWidth <= w.innerWidth;
    })).toBe(true);
    expect(errors).toEqual([]);
  });

  it("sends odd names, a folder and a 200 MB file whose connection drops once; the receipt lists every SHA-256", async () => {
    // The connection drops once, in the middle of the big file's second part. The route is removed
    // after that one request (times: 1): while a page has a route, Playwright passes every request,
    // with its body, through the test process; the other parts go straight to the edge.
    let dropped = false;
    const isPart2 = (url: URL) => !dropped && /\/upload\/part\/[^/]+\/2$/.test(url.pathname);
    await client.route(isPart2, async (route) => {
      dropped = true;
      await route.abort("connectionreset");
    }, { times: 1 });
    await client.setInputFiles("#pick-files", [...odd.map((name) => join(source, name)), join(source, "big file.bin")]);
    await client.setInputFiles("#pick-folder", join(source, "photos"));
    await client.fill("#upload-email", "client@example.org");
    await client.click("#upload-send");
    await client.waitForSelector("#receipt:not([hidden])", { timeout: 240_000 });
    await client.waitForSelector("#upload-status:has-text('Done.')", { timeout: 30_000 });
    expect(dropped).toBe(true);
    const bigItem = client.locator("li.item", { hasText: "big file.bin" });
    expect(Number(await bigItem.getAttribute("data-retries"))).toBeGreaterThanOrEqual(1);

    const rows = await client.$$eval("#receipt-list tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const receipt = new Map(rows.map(([name, , sha]) => [name!, sha!]));
    const all = [...odd, ...folder, "big file.bin"];
    expect([...receipt.keys()].sort()).toEqual([...all].sort());
    for (const name of all) {
      const stored = join(dataDir, "client_files", "acme-corp", "received", requestId, ...name.split("/"));
      const expected = await sha256File(join(source, ...name.split("/")));
      expect(await sha256File(stored), name).toBe(expected);
      expect(receipt.get(name), name).toBe(expected);
    }
  });

  it("the operator's notification and the client's receipt are in the outbox; the portal lists what arrived", async () => {
    const outbox = join(dataDir, "portal", "outbox");
    const messages = await Promise.all((await readdir(outbox)).map((name) => readFile(join(outbox, name), "utf8")));
    const notices = messages.filter((m) => /^To: ops@example\.com/m.test(m));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Subject: acme-corp sent 10 files/);
    expect(messages.some((m) => /^To: client@example\.org/m.test(m) && /Subject: Receipt: 10 files/.test(m))).toBe(true);
    await operator.goto(`${running.portalUrl}/requests/${requestId}`);
    const table = await operator.textContent("#received-title");
    expect(table).toContain("Received: 10 files");
    expect(await operator.textContent("main")).toContain("photos/2026/a (1).jpg");
  });
});
