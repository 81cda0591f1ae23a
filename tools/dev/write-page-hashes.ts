// Writes the PAGE_HASHES block of lib/edge/response-headers.ts (the page paths' CSP header of CloudFront
// and the local edge) from the pages' own scripts and styles: the index page for a few files, the one for
// many files, the file request's upload page. Run after changing one of them (or client-zip):
//   npx tsx tools/dev/write-page-hashes.ts
// test/edge/response-headers.test.ts fails while the checked-in block differs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Source } from "../../lib/pages/page-csp.js";
import { MANY_FILES_INLINE_SCRIPT, SMALL_PAGE_INLINE_SCRIPT } from "../../lib/pages/page-scripts.js";
import { PAGE_STYLE } from "../../lib/pages/page-style.js";
import { REQUEST_PAGE_HASHES } from "../../lib/requests/request-page.js";

export const RESPONSE_HEADERS_FILE = join(__dirname, "..", "..", "lib", "edge", "response-headers.ts");

/** The hashes every page path must allow, computed from the pages' modules. */
export function pageHashes() {
  return {
    index: { scripts: [sha256Source(SMALL_PAGE_INLINE_SCRIPT), sha256Source(MANY_FILES_INLINE_SCRIPT)], style: sha256Source(PAGE_STYLE) },
    request: { scripts: [REQUEST_PAGE_HASHES.script], style: REQUEST_PAGE_HASHES.style },
  };
}

const BLOCK = /(\/\/ BEGIN PAGE_HASHES[^\n]*\n)[\s\S]*?(\/\/ END PAGE_HASHES)/;

/** The response-headers source with the block rewritten from pageHashes(). */
export function withPageHashes(source: string): string {
  if (!BLOCK.test(source)) throw new Error("no PAGE_HASHES block in lib/edge/response-headers.ts");
  const hashes = pageHashes();
  const entry = (name: string, value: { scripts: string[]; style: string }) => `  ${name}: { scripts: [${value.scripts.map((s) => JSON.stringify(s)).join(", ")}], style: ${JSON.stringify(value.style)} },\n`;
  return source.replace(BLOCK, (_all, begin: string, end: string) => `${begin}export const PAGE_HASHES = {\n${entry("index", hashes.index)}${entry("request", hashes.request)}} as const;\n${end}`);
}

if (require.main === module) {
  const source = readFileSync(RESPONSE_HEADERS_FILE, "utf8");
  const next = withPageHashes(source);
  if (next !== source) writeFileSync(RESPONSE_HEADERS_FILE, next);
  process.stderr.write(`${next === source ? "unchanged" : "wrote"} ${RESPONSE_HEADERS_FILE}\n`);
}
