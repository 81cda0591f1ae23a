// The files origin's response headers: one definition (lib/edge/response-headers.ts), the same headers from
// the local edge and from the CloudFront response headers policies the Pulumi program creates, a strict CSP
// the index page satisfies, and client files that never run as active content on the origin.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEdge } from "../../lib/edge/edge-server.js";
import { guardFunctionSource } from "../../lib/edge/guard/guard-source.js";
import { evaluateGuard, NO_STORE } from "../../lib/edge/guard/guard-vm.js";
import { INDEX_PAGE_CSP_HEADER, INDEX_PAGE_PATH_PATTERN, matchesPathPattern, PAGE_HASHES, pagePathCsp, REFUSAL_PAGE_STYLE_HASH } from "../../lib/edge/response-headers.js";
import { REQUEST_PAGE_HASHES } from "../../lib/requests/request-page.js";
import { INDEX_PAGE_CSP, renderIndexPage } from "../../lib/pages/index-page.js";
import { renderManyFilesPage } from "../../lib/pages/many-files-page.js";
import { pageHashes, RESPONSE_HEADERS_FILE, withPageHashes } from "../../tools/dev/write-page-hashes.js";
import { newLinkId, pagePath, RESERVED_FOLDER } from "../../lib/links/layout.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { edgeWithPublisher } from "../publish/helpers.js";
import { minimalConfig, runProgram, type ProgramRun } from "../infra/harness.js";

const PREFIX = "client_files";
const sha256 = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

describe("the index page's CSP", () => {
  const html = renderIndexPage({
    client: "acme",
    files: [{ path: "a/b.txt", size: 3, lastModified: new Date("2030-01-01T00:00:00Z"), url: "https://files.example.com/acme/a/b.txt?x=1" }],
    expiresAt: new Date("2030-02-01T00:00:00Z"),
    notBefore: new Date("2030-01-01T00:00:00Z"),
  });
  const many = renderManyFilesPage({
    client: "acme",
    fileCount: 2000,
    totalBytes: 6000,
    expiresAt: new Date("2030-02-01T00:00:00Z"),
    manifestUrl: "https://files.example.com/acme/_links/x.manifest.json?l=1",
    curlListUrl: "https://files.example.com/acme/_links/x.curl.txt?l=1",
    audience: { language: "de", timeZone: "Europe/Berlin" },
  });

  it("allows the index pages' own scripts and style (their meta tags), the upload page's, the refusal pages' style, and no framing: hashes written by tools/dev/write-page-hashes.ts", () => {
    const refusalStyle = /<style>([\s\S]*?)<\/style>/.exec(evaluateGuard(guardFunctionSource(), NO_STORE).refusalPage("expired", ["en"]))![1]!;
    expect(REFUSAL_PAGE_STYLE_HASH).toBe(`'${sha256(refusalStyle)}'`);
    // Computed from the pages' modules by tools/dev/write-page-hashes.ts: run it when this fails.
    expect(readFileSync(RESPONSE_HEADERS_FILE, "utf8")).toBe(withPageHashes(readFileSync(RESPONSE_HEADERS_FILE, "utf8")));
    expect(PAGE_HASHES).toEqual(pageHashes());
    expect(PAGE_HASHES.request).toEqual({ scripts: [REQUEST_PAGE_HASHES.script], style: REQUEST_PAGE_HASHES.style });
    const listOf = (csp: string, directive: string) => new RegExp(`${directive} ([^;]+)`).exec(csp)![1]!.split(" ");
    // Every hash of the index pages' own CSP (the page for a few files and the page for many) is in the header.
    for (const directive of ["script-src", "style-src"]) expect(listOf(INDEX_PAGE_CSP_HEADER, directive)).toEqual(expect.arrayContaining(listOf(INDEX_PAGE_CSP, directive)));
    expect(listOf(INDEX_PAGE_CSP, "script-src")).toHaveLength(2);
    expect(INDEX_PAGE_CSP_HEADER).toContain(REFUSAL_PAGE_STYLE_HASH);
    expect(INDEX_PAGE_CSP_HEADER).toMatch(/frame-ancestors 'none'$/);
    expect(pagePathCsp("https://bucket.s3.eu-west-1.amazonaws.com")).toContain("connect-src 'self' https://bucket.s3.eu-west-1.amazonaws.com;");
  });

  it.each([
    ["a few files", html],
    ["many files", many],
  ])("lets the page for %s run its one script and style under the header, with no inline attribute", (_name, page) => {
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!); // JSON data blocks (type=application/json) never run
    const styles = [...page.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const allowed = (directive: string) => new RegExp(`${directive} ([^;]+)`).exec(INDEX_PAGE_CSP_HEADER)![1]!.split(" ");
    expect(scripts.map((s) => `'${sha256(s)}'`)).toEqual([expect.toSatisfy((hash: string) => allowed("script-src").includes(hash))]);
    expect(styles.map((s) => `'${sha256(s)}'`)).toEqual([expect.toSatisfy((hash: string) => allowed("style-src").includes(hash))]);
    // Inline attributes would need 'unsafe-hashes': the page has none.
    expect(page).not.toMatch(/\s(style|on[a-z]+)=/i);
  });
});

describe("the index pages' path pattern", () => {
  it("matches every page path the publisher writes, and no ordinary client file", () => {
    expect(INDEX_PAGE_PATH_PATTERN).toBe(`/*/${RESERVED_FOLDER}/*`);
    for (const client of ["acme", "acme corp ü", "a.b-c_d"]) expect(matchesPathPattern(INDEX_PAGE_PATH_PATTERN, `/${pagePath(client, newLinkId())}`)).toBe(true);
    for (const path of ["/acme/report.html", "/acme/_linksx/a.html", "/_links/a.html", "/link-expired.html", "/acme/x_links/a"]) {
      expect(matchesPathPattern(INDEX_PAGE_PATH_PATTERN, path), path).toBe(false);
    }
  });

  it("follows CloudFront's wildcard rules: * spans slashes, ? is one character, case matters", () => {
    expect(matchesPathPattern("/*/_links/*", "/a/b/_links/c")).toBe(true);
    expect(matchesPathPattern("/*.jp?g", "/x/y.jpeg")).toBe(true);
    expect(matchesPathPattern("/*.jp?g", "/x/y.jpg")).toBe(false);
    expect(matchesPathPattern("/*/_LINKS/*", "/a/_links/c")).toBe(false);
    expect(matchesPathPattern("/a.b", "/aXb")).toBe(false);
  });
});

/** The headers CloudFront adds from a response headers policy's inputs (as the program registers them). */
function cloudFrontHeaders(policy: Record<string, any>): Record<string, string> {
  const s = policy.securityHeadersConfig ?? {};
  const headers: Record<string, string> = {};
  if (s.strictTransportSecurity) {
    const h = s.strictTransportSecurity;
    headers["strict-transport-security"] = `max-age=${h.accessControlMaxAgeSec}${h.includeSubdomains ? "; includeSubDomains" : ""}${h.preload ? "; preload" : ""}`;
  }
  if (s.contentTypeOptions) headers["x-content-type-options"] = "nosniff";
  if (s.referrerPolicy) headers["referrer-policy"] = s.referrerPolicy.referrerPolicy;
  if (s.frameOptions) headers["x-frame-options"] = s.frameOptions.frameOption;
  if (s.contentSecurityPolicy) headers["content-security-policy"] = s.contentSecurityPolicy.contentSecurityPolicy;
  for (const item of policy.customHeadersConfig?.items ?? []) headers[String(item.header).toLowerCase()] = item.value;
  return headers;
}

describe("the local edge and CloudFront send the same headers", () => {
  let dir: string;
  let edge: RunningEdge;
  let program: ProgramRun;
  let folderLink: LinkRecord;
  let perFileLink: LinkRecord;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edge-headers-"));
    const store = new LocalObjectStore(dir);
    await store.put(`${PREFIX}/acme/report.txt`, "the report\n", { contentType: "text/plain" });
    // The attack of issue 17.13: an HTML file in a client folder that reads the folder's other files.
    await store.put(
      `${PREFIX}/acme/evil.html`,
      `<!doctype html><title>evil</title><script>document.documentElement.dataset.ran="yes";fetch(location.href.replace("evil.html","report.txt")).then(r=>r.text()).then(t=>document.documentElement.dataset.stolen=t)</script>`,
      { contentType: "text/html" },
    );
    const started = await edgeWithPublisher(store);
    edge = started.edge;
    const publisher = started.publisher;
    const expiresAt = new Date(Date.now() + 86_400_000);
    folderLink = await publisher.publish({ client: "acme", issuedBy: "test", mode: "folder", expiresAt });
    perFileLink = await publisher.publish({ client: "acme", issuedBy: "test", expiresAt });
    program = await runProgram(minimalConfig());
  }, 120_000);
  afterAll(async () => {
    await edge?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The headers of the cache behaviour CloudFront picks for a path: first matching ordered behaviour, else the default. */
  function distributionHeaders(path: string): Record<string, string> {
    const cdn = program.one("aws:cloudfront/distribution:Distribution").inputs;
    const behaviour = (cdn.orderedCacheBehaviors as any[]).find((b) => matchesPathPattern(b.pathPattern, path)) ?? cdn.defaultCacheBehavior;
    const policy = program.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").find((p) => `${p.name}-id` === behaviour.responseHeadersPolicyId);
    if (!policy) throw new Error(`no response headers policy for ${path}`);
    return cloudFrontHeaders(policy.inputs);
  }

  async function edgeHeaders(url: string, names: string[]) {
    const response = await fetch(url);
    await response.arrayBuffer();
    return { status: response.status, headers: Object.fromEntries(names.map((n) => [n, response.headers.get(n)])) };
  }

  it("index pages: the strict CSP, noindex and the security headers, from both", async () => {
    const path = new URL(perFileLink.url).pathname;
    const expected = distributionHeaders(path);
    expect(expected["content-security-policy"]).toContain("default-src 'none'");
    expect(expected["x-robots-tag"]).toMatch(/^noindex/);
    const { status, headers } = await edgeHeaders(perFileLink.url, Object.keys(expected));
    expect(status).toBe(200);
    expect(headers).toEqual(expected);
  });

  it("client files and denials: CSP sandbox, noindex and the security headers, from both", async () => {
    const expected = distributionHeaders("/acme/evil.html");
    expect(expected["content-security-policy"]).toBe("sandbox");
    expect(expected["x-robots-tag"]).toMatch(/^noindex/);
    const evil = new URL(folderLink.url);
    evil.pathname = "/acme/evil.html";
    expect(await edgeHeaders(evil.href, Object.keys(expected))).toEqual({ status: 200, headers: expected });
    expect(await edgeHeaders(`${edge.url}/acme/report.txt`, Object.keys(expected))).toEqual({ status: 403, headers: expected });
  });

  it.skipIf(!hasChromium)("in a browser: the index page runs its script with no CSP violation; a client's HTML file runs nothing", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(perFileLink.url);
      await expect.poll(() => page.locator("#expiry-local").textContent()).toMatch(/your time/);
      expect(violations).toEqual([]);

      const evil = new URL(folderLink.url);
      evil.pathname = "/acme/evil.html";
      const response = await page.goto(evil.href);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState("load");
      expect(await page.evaluate(`document.documentElement.dataset.ran ?? "not run"`)).toBe("not run");
      expect(await page.evaluate(`document.documentElement.dataset.stolen ?? "nothing"`)).toBe("nothing");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
