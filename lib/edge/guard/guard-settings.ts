// The settings written into the guard function file (lib/edge/guard/viewer-request.js) before it runs:
// by infra/edge-guard.ts at deploy time and by the local edge at start. Each setting is one constant on
// one line of the file; only those lines change, so the rule and its line numbers stay the file's own.
// No imports: the Pulumi program loads this file too (see infra/index.ts for why infra imports carry no ".js").

export interface GuardSettings {
  /** Whom to ask for a new link, already HTML-escaped (the function writes it into its refusal pages). */
  supportContactHtml?: string;
  /**
   * Until this instant a request without `l` (a link issued before link ids) passes the guard and its
   * signature alone decides (docs/deploy.md#upgrading-a-stack-with-live-links); absent: never.
   */
  legacyLinksUntil?: Date;
}

const CONTACT_LINE = /^const SUPPORT_CONTACT = "[^"\n]*";$/m;
const LEGACY_LINE = /^const LEGACY_LINKS_UNTIL = \d+;$/m;

/**
 * `text` as a JavaScript string literal that every runtime parses the same way: JSON's escapes, and
 * every character outside printable ASCII as \uXXXX. JSON leaves U+2028 and U+2029 raw, and in an
 * ES5 string literal (what CloudFront Functions document) they end the line: a syntax error.
 */
export function asciiStringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The guard file with the settings on their lines; throws when the file lacks one of the lines. */
export function guardSourceWith(source: string, settings: GuardSettings, fileName = "the guard function file"): string {
  let out = source;
  if (settings.supportContactHtml !== undefined) {
    if (!CONTACT_LINE.test(out)) throw new Error(`${fileName} has no line: const SUPPORT_CONTACT = "...";`);
    const literal = asciiStringLiteral(settings.supportContactHtml);
    out = out.replace(CONTACT_LINE, () => `const SUPPORT_CONTACT = ${literal};`);
  }
  if (settings.legacyLinksUntil !== undefined) {
    if (!LEGACY_LINE.test(out)) throw new Error(`${fileName} has no line: const LEGACY_LINKS_UNTIL = 0;`);
    const ms = settings.legacyLinksUntil.getTime();
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`legacyLinksUntil must be an instant after 1970, not ${String(settings.legacyLinksUntil)}`);
    out = out.replace(LEGACY_LINE, () => `const LEGACY_LINKS_UNTIL = ${ms};`);
  }
  return out;
}
