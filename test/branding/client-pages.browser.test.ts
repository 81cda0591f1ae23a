// The index pages in Chromium (docs/branding.md, docs/languages.md), the page for a few files and the page
// for many (docs/links.md#pages-for-many-files): every language, at 320, 390 and 1280 px, light and dark:
// no horizontal scrolling, no CSP or console error, no serious or critical axe-core violation; the Copy
// button copies the commands. One browser for the file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { renderIndexPage, type PageFile, type PageFrame } from "../../lib/pages/index-page.js";
import { renderManyFilesPage } from "../../lib/pages/many-files-page.js";
import { emptyFileList, manifestJson } from "../../lib/pages/manifest.js";
import { LANGUAGES } from "../../lib/i18n/catalog.js";
import { renderRequestPage } from "../../lib/requests/request-page.js";
import { axeViolations } from "../support/axe.js";
import { hasChromium, launchChromium } from "../support/browser.js";

// Evaluated in the page: the browser's globals, typed loosely (this program has no DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, navigator: any, getComputedStyle: any;

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const file = (path: string, size: number): PageFile => ({ path, size, lastModified: new Date("2030-01-01T10:00:00Z"), url: `https://files.example.com/acme/${encodeURI(path)}?Policy=${"x".repeat(300)}&Signature=${"y".repeat(200)}` });
const FILES = [
  file("Quartalsbericht-Q3-2030-final-final-überarbeitet-mit-Anhängen-und-Kommentaren.pdf", 12_345_678),
  file("exports/2030/very-long-folder-name-without-any-break-points-at-all-1234567890/data.csv", 2048),
  file("exports/summary.csv", 10),
];

function frame(language: (typeof LANGUAGES)[number], color: string): PageFrame {
  return {
    client: "acme-corp",
    displayName: "Acme Treuhand und Vermögensverwaltung GmbH & Co. KG",
    expiresAt: new Date("2030-03-01T09:30:00Z"),
    notBefore: new Date("2030-02-01T09:30:00Z"),
    audience: { language, timeZone: "Europe/Berlin" },
    brand: { name: "Beispiel Steuerberatung", color, contact: "support@beispiel-steuerberatung.example", logo: { contentType: "image/png", data: PNG.toString("base64") } },
    sender: { person: "Maria Müller-Lüdenscheidt", organisation: "Beispiel Steuerberatung" },
    message: "Guten Tag,\n\nanbei die Unterlagen für das dritte Quartal.",
  };
}

function page(language: (typeof LANGUAGES)[number], color = "#0b5fff"): string {
  return renderIndexPage({ ...frame(language, color), files: FILES });
}

const ORIGIN = "https://files.example.com";
const MANY_PAGE = `${ORIGIN}/acme-corp/_links/many.html`;
const MANIFEST = `${ORIGIN}/acme-corp/_links/many.manifest.json`;

/** The page for many files (the threshold does not matter to the page) and its manifest: the same files, one folder of many. */
function manyPage(language: (typeof LANGUAGES)[number], color = "#0b5fff"): string {
  return renderManyFilesPage({ ...frame(language, color), fileCount: 1203, totalBytes: 12_355_936, manifestUrl: `${MANIFEST}?l=1`, curlListUrl: `${ORIGIN}/acme-corp/_links/many.curl.txt?l=1` });
}

function manifest(): Buffer {
  const files = emptyFileList();
  const paths = [...FILES.map((f) => f.path), ...Array.from({ length: 1200 }, (_, i) => `scans/${String(i).padStart(4, "0")}.jpg`)];
  for (const path of paths) {
    files.paths.push(path);
    files.sizes.push(1024);
    files.modified.push(Date.UTC(2030, 0, 1));
    files.queries.push(0);
  }
  files.shared.push(`Policy=${"x".repeat(300)}&Signature=${"y".repeat(200)}&Key-Pair-Id=K`);
  return manifestJson(files, `${ORIGIN}/acme-corp/`, "1");
}

const BRAND = { name: "Beispiel Steuerberatung", color: "#0b5fff", contact: "support@beispiel-steuerberatung.example", logo: { contentType: "image/png" as const, data: PNG.toString("base64") } };

function requestPage(language: (typeof LANGUAGES)[number]): string {
  return renderRequestPage({
    requestId: "r".repeat(22),
    client: "acme-corp",
    displayName: "Acme Treuhand und Vermögensverwaltung GmbH & Co. KG",
    sender: { person: "Maria Müller-Lüdenscheidt", organisation: "Beispiel Steuerberatung" },
    expiresAt: new Date("2030-03-01T09:30:00Z"),
    maxFileSize: 2 * 1024 ** 3,
    maxTotal: 5 * 1024 ** 3,
    maxFiles: 20,
    note: "Bitte senden Sie den unterschriebenen Vertrag-mit-allen-Anlagen-und-Nachträgen-2030-final.pdf.",
    audience: { language, timeZone: "Europe/Berlin" },
    brand: BRAND,
  });
}

/** Serves `html` at a page address of the files host, with the upload API's state answer, and opens it. */
async function openRequestPage(tab: Page, html: string): Promise<void> {
  await tab.route("https://files.example.com/**", (route) =>
    route.request().url().includes("/upload/")
      ? route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ received: { count: 0, bytes: 0 } }) })
      : route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
  await tab.goto(`https://files.example.com/acme-corp/_links/${"r".repeat(22)}.html?l=${"r".repeat(22)}`);
}

describe.skipIf(!hasChromium)("the index page in Chromium", { timeout: 120_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A new tab in the colour scheme, and the console errors, warnings and page errors it reports. */
  async function watchedTab(colorScheme: "light" | "dark") {
    const context = await browser.newContext({ colorScheme, viewport: { width: 390, height: 800 } });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    tab.on("pageerror", (error) => problems.push(error.message));
    return { context, tab, problems };
  }

  /** Light and dark side by side, each in its own context (the pages wait on axe and rendering more than they compute). */
  async function bothSchemes(check: (colorScheme: "light" | "dark") => Promise<void>): Promise<void> {
    await Promise.all((["light", "dark"] as const).map(check));
  }

  it.concurrent.for(LANGUAGES.flatMap((language) => [{ language, many: false }, { language, many: true }]))("$language, many files: $many: no sideways scroll from 320 px, light and dark, no CSP or console error, no serious axe violation", async ({ language, many }, { expect }) => {
    await bothSchemes(async (colorScheme) => {
      const { context, tab, problems } = await watchedTab(colorScheme);
      if (many) {
        await tab.route(`${ORIGIN}/**`, (route) =>
          route.request().url().startsWith(MANIFEST)
            ? route.fulfill({ status: 200, contentType: "application/json", body: manifest() })
            : route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: manyPage(language) }),
        );
        await tab.goto(MANY_PAGE, { waitUntil: "load" });
        // The list is drawn from the manifest, its words and counts in the page's language.
        await tab.waitForSelector("#file-rows li");
        const expected = { en: "1,203 files.", de: "1.203 Dateien.", fr: "1\u202f203 fichiers.", es: "1203 archivos." }[language];
        expect(await tab.textContent("#list-status")).toBe(expected);
        const folderCount = { en: "1,200 files", de: "1.200 Dateien", fr: "1\u202f200 fichiers", es: "1200 archivos" }[language];
        expect(await tab.evaluate(() => [...document.querySelectorAll("#file-rows .row--folder .meta")].map((e: any) => e.textContent.trim()))).toContain(folderCount);
      } else {
        await tab.setContent(page(language), { waitUntil: "load" });
      }
      for (const width of [320, 390, 1280]) {
        await tab.setViewportSize({ width, height: 800 });
        const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${language} ${colorScheme} ${width}px`).toBeLessThanOrEqual(0);
      }
      await tab.setViewportSize({ width: 390, height: 800 });
      // The brand's accent is applied by the page's script (the CSP allows no inline style attribute).
      expect(await tab.evaluate(() => getComputedStyle(document.getElementById("zip-button")!).backgroundColor)).toBe("rgb(11, 95, 255)");
      if (colorScheme === "dark") expect(await tab.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(20, 20, 20)");
      const violations = await axeViolations(tab, { seriousOnly: true });
      expect(violations, `${language} ${colorScheme}`).toEqual([]);
      expect(problems, `${language} ${colorScheme}`).toEqual([]);
      await context.close();
    });
  });

  it.concurrent.for(LANGUAGES)("%s: the upload page of a file request: no sideways scroll from 320 px, light and dark, no CSP or console error, no serious axe violation", async (language, { expect }) => {
    await bothSchemes(async (colorScheme) => {
      const { context, tab, problems } = await watchedTab(colorScheme);
      await openRequestPage(tab, requestPage(language));
      expect(await tab.isVisible("#uploader"), "the uploader shows once its script runs").toBe(true);
      for (const width of [320, 390, 1280]) {
        await tab.setViewportSize({ width, height: 800 });
        const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${language} ${colorScheme} ${width}px`).toBeLessThanOrEqual(0);
      }
      expect(await tab.evaluate(() => getComputedStyle(document.getElementById("upload-send")!).backgroundColor)).toBe("rgb(11, 95, 255)");
      if (colorScheme === "dark") expect(await tab.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(20, 20, 20)");
      expect(await tab.getAttribute("html", "lang")).toBe(language);
      const violations = await axeViolations(tab, { seriousOnly: true });
      expect(violations, `${language} ${colorScheme}`).toEqual([]);
      expect(problems, `${language} ${colorScheme}`).toEqual([]);
      await context.close();
    });
  });

  it("the upload page checks the limits before sending and says so in the client's words", async () => {
    const tab = await browser.newPage();
    await openRequestPage(
      tab,
      renderRequestPage({ requestId: "r".repeat(22), client: "acme-corp", expiresAt: new Date("2030-03-01T09:30:00Z"), maxFileSize: 1024, maxFiles: 1, audience: { language: "de" }, brand: BRAND }),
    );
    await tab.setInputFiles("#pick-files", [
      { name: "gross.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(2048) },
      { name: "klein.txt", mimeType: "text/plain", buffer: Buffer.from("hallo") },
      { name: "noch-eine.txt", mimeType: "text/plain", buffer: Buffer.from("hallo") },
    ]);
    const notes = await tab.$$eval("#upload-list li .meta", (spans) => spans.map((span) => span.textContent));
    expect(notes).toEqual(["nicht gesendet: größer als 1 KiB, die größte Datei, die diese Anfrage annimmt", "bereit zum Senden", "nicht gesendet: diese Anfrage nimmt nur eine Datei an"]);
    expect(await tab.textContent("#upload-status")).toBe("Hinzugefügte Dateien: 3. Drücken Sie auf Senden, wenn Sie so weit sind.");
    // A refused file offers nothing to remove (the hidden attribute wins over the buttons' display).
    expect(await tab.locator("#upload-list li button:visible").count()).toBe(1);
    expect(await tab.textContent("body")).not.toMatch(/SHARE_|PORTAL_/);
    await tab.close();
  });

  it("the Copy button copies the download commands and says so in the page's language", async () => {
    const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const tab = await context.newPage();
    await tab.route("https://files.example.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: page("fr") }));
    await tab.goto("https://files.example.com/acme-corp/_links/x.html");
    await tab.click("#copy-commands");
    await expect.poll(() => tab.textContent("#copy-status")).toBe("Copié.");
    expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(await tab.inputValue("#all-commands"));
    await context.close();
    // Where the clipboard is refused (no permission, an insecure page), the commands are selected and the page says how to copy.
    const refused = await browser.newPage();
    await refused.setContent(page("de"), { waitUntil: "load" });
    await refused.click("#copy-commands");
    await expect.poll(() => refused.textContent("#copy-status")).toBe("Kopieren nicht möglich: Markieren Sie den Text und kopieren Sie ihn.");
    expect(await refused.evaluate(() => document.activeElement?.id)).toBe("all-commands");
    await refused.close();
  });
});
