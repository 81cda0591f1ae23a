// The page CloudFront shows instead of its bare 403 when a link is expired, not yet valid, revoked or wrong:
// rendered from the edge guard's one page template (lib/edge/guard/viewer-request.js), so it looks like
// the guard's own refusals and its style is the one the index pages' CSP allows.
import { guardFunctionSource } from "../lib/edge/guard/guard-source";
import { evaluateGuard, NO_STORE } from "../lib/edge/guard/guard-vm";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Self-contained HTML (no external requests, no script) naming whom to ask for a new link. */
export function renderExpiredLinkPage(supportContact: string): string {
  return evaluateGuard(guardFunctionSource(), NO_STORE).refusalPage("expired", escapeHtml(supportContact));
}
