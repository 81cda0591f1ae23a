import { createHash } from "node:crypto";

/** A CSP hash source for an inline element's exact text: 'sha256-<base64>'. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The index pages' Content-Security-Policy: their inline scripts (one per kind of page) and their one
 * inline style allowed by hash, fetches to their own origin only (the signed file links and the
 * manifest), nothing else. The pages carry it in a meta tag; an edge that adds the header must allow
 * the same hashes (INDEX_PAGE_CSP).
 */
export function indexPageCsp(scripts: readonly string[], style: string): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256Source).join(" ")}`,
    `style-src ${sha256Source(style)}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
