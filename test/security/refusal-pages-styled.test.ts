// Issue 21.10: the "withdrawn" page was unstyled on a page URL, because the index pages' CSP (sent on
// every response of `/*/_links/*`, refusals included) blocked its inline style. Every page the edge
// generates (expired, not yet valid, withdrawn, not complete, and "try again" when the revocation list
// cannot be read) must render styled, in light and dark mode, under the headers it is served with, on a
// page path and on a file path, with no CSP error in the console.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { deniedPageHtml } from "../../lib/edge/denied-page.js";
import { edgeGuard } from "../../lib/edge/guard/edge-guard.js";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { headerSetForPath, responseHeaderValues } from "../../lib/edge/response-headers.js";
import { createKeyProvider } from "../../lib/keys/key-provider.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalTrustedKeys } from "../../lib/keys/local-trusted-keys.js";
import { createPublishing, type Publishing } from "../../lib/publishing/create-publishing.js";
import { withLinkId } from "../../lib/links/link-id-param.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { signUrl } from "../../lib/signing/signer.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { pageLinks } from "../publish/helpers.js";
import { hasChromium, launchChromium } from "../support/browser.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const LIGHT = { body: "rgb(246, 247, 249)", main: "rgb(255, 255, 255)", text: "rgb(31, 35, 40)" };
const DARK = { body: "rgb(20, 23, 28)", main: "rgb(29, 34, 41)", text: "rgb(230, 233, 238)" };

describe.skipIf(!hasChromium)("every page the edge generates renders styled under the headers it is served with", () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let failingEdge: RunningEdge;
  let publishing: Publishing;
  let browser: Browser;
  /** Refusal page → [page-path URL, file-path URL]. */
  const cases: [name: string, heading: string, urls: [string, string]][] = [];

  const publisher = () => {
    const provider = createKeyProvider({ store: new LocalKeyStore(localKeysDir(dataDir)), clock: systemClock });
    return publishing.publisher(() => provider.current());
  };
  const fileUrlOf = async (record: LinkRecord) => pageLinks(await (await fetch(record.url)).text()).find((url) => url.includes("/README.txt?"))!;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "refusal-pages-"));
    const env = { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "correct horse battery staple" };
    running = await startLocalMode(loadConfig({ env }) as LocalConfig, { logger: silent });
    publishing = createPublishing(loadConfig({ env: { ...env, SHARE_PUBLIC_URL: running.edgeUrl } }) as LocalConfig, { clock: systemClock });
    const expiresAt = new Date(Date.now() + 86_400_000);
    const key = await createKeyProvider({ store: new LocalKeyStore(localKeysDir(dataDir)), clock: systemClock }).current();

    const live = await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" });
    const liveFile = await fileUrlOf(live);
    // A parameter before `l` still matches the folder's Resource `…/*?l=<id>`: the guard refuses it.
    const withExtra = (url: string) => url.replace("?", "?utm_source=mail&");
    cases.push(["not complete", "This link is not complete", [withExtra(live.url), withExtra(liveFile)]]);

    const withdrawn = await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test" });
    const withdrawnFile = await fileUrlOf(withdrawn);
    await publishing.records.revoke(withdrawn.linkId, "test");
    cases.push(["withdrawn", "This link has been withdrawn", [withdrawn.url, withdrawnFile]]);

    const past = { dateLessThan: new Date(Date.now() - 60_000) };
    const expiredPage = signUrl(withLinkId(`${running.edgeUrl}/acme-corp/_links/${live.linkId}.html`, live.linkId), key, past);
    cases.push(["expired", "This link is not valid at this time", [expiredPage, signUrl(withLinkId(`${running.edgeUrl}/acme-corp/README.txt`, live.linkId), key, past)]]);

    const soon = { dateLessThan: expiresAt, dateGreaterThan: new Date(Date.now() + 3_600_000) };
    const notYetPage = signUrl(withLinkId(`${running.edgeUrl}/acme-corp/_links/${live.linkId}.html`, live.linkId), key, soon);
    cases.push(["not yet valid", "This link is not valid at this time", [notYetPage, signUrl(withLinkId(`${running.edgeUrl}/acme-corp/README.txt`, live.linkId), key, soon)]]);

    // The revocation list cannot be read: the guard fails closed with its 503 page.
    failingEdge = await startEdge(
      {
        store: new LocalObjectStore(dataDir),
        originPrefix: "client_files",
        trustedKey: new LocalTrustedKeys(localKeysDir(dataDir), systemClock).trustedKey,
        clock: systemClock,
        errorPage: deniedPageHtml(),
        guard: edgeGuard({ exists: () => Promise.reject(new Error("revocation list unreadable")) }),
        publicOrigin: running.edgeUrl,
      },
      0,
    );
    const onFailing = (url: string) => url.replace(running.edgeUrl, failingEdge.url);
    cases.push(["try again", "Please try again in a minute", [onFailing(live.url), onFailing(liveFile)]]);

    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await failingEdge?.close();
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function look(page: Page, url: string) {
    const response = await page.goto(url);
    await page.waitForLoadState("load");
    return {
      status: response!.status(),
      csp: (await response!.allHeaders())["content-security-policy"],
      style: (await page.evaluate(`(() => {
        const css = (selector) => getComputedStyle(document.querySelector(selector));
        return { body: css("body").backgroundColor, main: css("main").backgroundColor, text: css("body").color, heading: document.querySelector("h1").textContent };
      })()`)) as Record<string, string>,
    };
  }

  it("on a page path (index pages' CSP) and a file path (sandbox), in light and dark mode, with no CSP error", async () => {
    expect(cases.map(([name]) => name)).toEqual(["not complete", "withdrawn", "expired", "not yet valid", "try again"]);
    for (const scheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      for (const [name, heading, urls] of cases) {
        for (const url of urls) {
          const where = `${name}, ${scheme}, ${new URL(url).pathname}`;
          const seen = await look(page, url);
          expect(seen.status, where).toBe(name === "try again" ? 503 : 403);
          // The headers CloudFront's response headers policy for this path sends (one rule, lib/edge/response-headers.ts).
          expect(seen.csp, where).toBe(responseHeaderValues(headerSetForPath(new URL(url).pathname))["content-security-policy"]);
          expect(seen.style, where).toEqual({ ...(scheme === "light" ? LIGHT : DARK), heading });
        }
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
