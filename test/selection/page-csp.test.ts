import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_ZIP_SCRIPT, CLIENT_ZIP_VERSION } from "../../lib/pages/client-zip-script.js";
import { INDEX_PAGE_CSP, renderIndexPage } from "../../lib/pages/index-page.js";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

describe("the index page's inline script and its CSP", () => {
  const html = renderIndexPage({ client: "c", expiresAt: new Date("2030-01-01T00:00:00Z"), files: [{ path: "a/b.txt", size: 1, lastModified: new Date(0), url: "https://x/c/a/b.txt?Expires=1" }] });

  it("allows exactly the page's one inline script and one inline style by hash, and fetches to its own origin only", () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(INDEX_PAGE_CSP).toBe(`default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${INDEX_PAGE_CSP}">`);
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<style>"));
  });

  it("inlines client-zip's classic-script build exactly as installed (regenerate: node tools/dev/vendor-client-zip.cjs)", () => {
    const dir = dirname(require.resolve("client-zip"));
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version).toBe(CLIENT_ZIP_VERSION);
    expect(CLIENT_ZIP_SCRIPT).toBe(readFileSync(join(dir, "worker.js"), "utf8"));
    expect(html).toContain(CLIENT_ZIP_SCRIPT);
  });
});
