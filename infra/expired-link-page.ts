// The page CloudFront shows instead of its bare 403 when a link is expired, not yet valid, revoked or wrong:
// rendered from the edge guard's one page template (lib/edge/guard/viewer-request.js), so it looks like
// the guard's own refusals and its style is the one the index pages' CSP allows. CloudFront serves this
// one object to every viewer (no function runs when it fetches an error page), so it holds every
// language of the catalogs, each in a section of its own.
import { formatMessage, LANGUAGES } from "../lib/i18n/catalog";
import { guardSourceWith } from "../lib/edge/guard/guard-settings";
import { guardFunctionSource } from "../lib/edge/guard/guard-source";
import { evaluateGuard, NO_STORE } from "../lib/edge/guard/guard-vm";
import { refusalPageSettings, REFUSAL_PAGES, type RefusalBrand } from "../lib/edge/guard/refusal-texts";

/** The message catalogs, as the refusal texts take them. */
export const CATALOG = { languages: LANGUAGES, format: formatMessage };

/** Self-contained HTML (no external requests, no script) naming the organisation and whom to ask for a new link. */
export function renderExpiredLinkPage(brand: RefusalBrand): string {
  const source = guardSourceWith(guardFunctionSource(), refusalPageSettings(CATALOG, brand, REFUSAL_PAGES));
  return evaluateGuard(source, NO_STORE).refusalPage("expired", [...LANGUAGES]);
}
