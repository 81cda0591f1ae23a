import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_ZIP_SCRIPT, CLIENT_ZIP_VERSION } from "../../lib/pages/client-zip-script.js";
import { INDEX_PAGE_CSP, renderIndexPage } from "../../lib/pages/index-page.js";
import { renderManyFilesPage } from "../../lib/pages/many-files-page.js";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

describe("the index pages' inline scripts and their CSP", () => {
  const html = renderIndexPage({ client: "c", expiresAt: new Date("2030-01-01T00:00:00Z"), files: [{ path: "a/b.txt", size: 1, lastModified: new Date(0), url: "https://x/c/a/b.txt?Expires=1" }] });
  const manyHtml = renderManyFilesPage({ client: "c", expiresAt: new Date("2030-01-01T00:00:00Z"), fileCount: 5000, totalBytes: 1, manifestUrl: "https://x/c/_links/m.json?l=1", curlListUrl: "https://x/c/_links/m.txt?l=1" });

  it("allows exactly the pages' inline scripts (one per kind of page) and their one inline style by hash, and fetches to its own origin only", () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const many = /<script>([\s\S]*?)<\/script>/.exec(manyHtml)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(manyHtml.match(/<script>/g)).toHaveLength(1);
    expect(/<style>([\s\S]*?)<\/style>/.exec(manyHtml)![1]!).toBe(style);
    expect(INDEX_PAGE_CSP).toBe(`default-src 'none'; script-src ${hash(script)} ${hash(many)}; style-src ${hash(style)}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'`);
    for (const page of [html, manyHtml]) {
      expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${INDEX_PAGE_CSP}">`);
      expect(page.indexOf("Content-Security-Policy")).toBeLessThan(page.indexOf("<style>"));
      // Inline attributes would need 'unsafe-hashes': the pages have none.
      expect(page).not.toMatch(/\s(style|on[a-z]+)=/i);
    }
  });

  it("inlines client-zip's classic-script build exactly as installed (regenerate: node tools/dev/vendor-client-zip.cjs)", () => {
    const dir = dirname(require.resolve("client-zip"));
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version).toBe(CLIENT_ZIP_VERSION);
    expect(CLIENT_ZIP_SCRIPT).toBe(readFileSync(join(dir, "worker.js"), "utf8"));
    expect(html).toContain(CLIENT_ZIP_SCRIPT);
  });
});
