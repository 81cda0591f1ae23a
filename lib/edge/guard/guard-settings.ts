// The settings written into the guard function file (lib/edge/guard/viewer-request.js) before it runs:
// by infra/edge-guard.ts at deploy time and by the local edge at start. Each setting is one constant on
// one line of the file; only those lines change, so the rule and its line numbers stay the file's own.
// No runtime imports: the Pulumi program loads this file too (see infra/index.ts for why infra imports carry no ".js").
import type { RefusalTexts } from "./refusal-texts.js";

export interface GuardSettings {
  /** The words of the refusal pages by language (lib/edge/guard/refusal-texts.ts). */
  pages?: RefusalTexts;
  /** The organisation the pages are from, plain text; empty: none shown. */
  organisation?: string;
  /** Whom to ask for a new link, plain text; empty: each language's own words. */
  contact?: string;
  /**
   * Comment lines emptied (line numbers kept): what is deployed, because CloudFront Functions take at
   * most 10 KB of code and the words of every language need the room.
   */
  withoutComments?: boolean;
  /**
   * Until this instant a request without `l` (a link issued before link ids) passes the guard and its
   * signature alone decides (docs/deploy.md#upgrading-a-stack-with-live-links); absent: never.
   */
  legacyLinksUntil?: Date;
}

/**
 * The legacyLinksUntil setting (stack setting, SHARE_LEGACY_LINKS_UNTIL, `edge --legacy-links-until`):
 * an ISO 8601 instant with its zone, like 2026-03-31T23:59:59Z, on a calendar day that exists.
 * Undefined for anything else.
 */
export function parseLegacyLinksUntil(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) return undefined;
  const [y, m, d] = trimmed.slice(0, 10).split("-").map(Number) as [number, number, number];
  // Date.parse takes 2026-02-30 for 2 March.
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) || ms < 0 ? undefined : new Date(ms);
}

/** What every place that reads the setting says about a wrong value. */
export const LEGACY_LINKS_UNTIL_FORMAT = "must be an ISO 8601 instant with its zone, like 2026-03-31T23:59:59Z (`signed-share links legacy` prints the one to use)";

const PAGES_LINE = /^const PAGES = \{.*\};$/m;
const ORGANISATION_LINE = /^const ORGANISATION = "[^"\n]*";$/m;
const CONTACT_LINE = /^const CONTACT = "[^"\n]*";$/m;
const LEGACY_LINE = /^const LEGACY_LINKS_UNTIL = \d+;$/m;

/**
 * `text` (or an object of strings) as a JavaScript literal that every runtime parses the same way: JSON's escapes, and
 * every character outside printable ASCII as \uXXXX. JSON leaves U+2028 and U+2029 raw, and in an
 * ES5 string literal (what CloudFront Functions document) they end the line: a syntax error.
 */
export function asciiStringLiteral(text: string | object): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The guard file with the settings on their lines; throws when the file lacks one of the lines. */
export function guardSourceWith(source: string, settings: GuardSettings, fileName = "the guard function file"): string {
  let out = source;
  if (settings.pages !== undefined) {
    if (!PAGES_LINE.test(out)) throw new Error(`${fileName} has no line: const PAGES = {...};`);
    if (Object.keys(settings.pages).length === 0) throw new Error("the refusal pages need at least one language");
    // JSON is a JavaScript object literal; its strings are written as asciiStringLiteral writes one.
    const literal = asciiStringLiteral(settings.pages);
    out = out.replace(PAGES_LINE, () => `const PAGES = ${literal};`);
  }
  for (const [value, line, name] of [
    [settings.organisation, ORGANISATION_LINE, "ORGANISATION"],
    [settings.contact, CONTACT_LINE, "CONTACT"],
  ] as const) {
    if (value === undefined) continue;
    if (!line.test(out)) throw new Error(`${fileName} has no line: const ${name} = "...";`);
    const literal = asciiStringLiteral(value);
    out = out.replace(line, () => `const ${name} = ${literal};`);
  }
  if (settings.legacyLinksUntil !== undefined) {
    if (!LEGACY_LINE.test(out)) throw new Error(`${fileName} has no line: const LEGACY_LINKS_UNTIL = 0;`);
    const ms = settings.legacyLinksUntil.getTime();
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`legacyLinksUntil must be an instant after 1970, not ${String(settings.legacyLinksUntil)}`);
    out = out.replace(LEGACY_LINE, () => `const LEGACY_LINKS_UNTIL = ${ms};`);
  }
  if (settings.withoutComments) out = out.replace(/^[ \t]*\/\/.*$/gm, "");
  return out;
}
