import { formatMessage, LANGUAGES } from "../i18n/catalog.js";
import { guardSourceWith, type GuardSettings } from "./guard/guard-settings.js";
import { guardFunctionSource } from "./guard/guard-source.js";
import { evaluateGuard, NO_STORE } from "./guard/guard-vm.js";
import { GUARD_PAGES, REFUSAL_PAGES, refusalPageSettings, type RefusalBrand } from "./guard/refusal-texts.js";

const CATALOG = { languages: LANGUAGES, format: formatMessage };

/**
 * What a browser shows for a denied link in local mode: the custom error page the production
 * distribution serves (infra/expired-link-page.ts), from the guard file's one page template, in every
 * language, naming the organisation and contact of `brand`.
 */
export function deniedPageHtml(brand: RefusalBrand = {}): string {
  const source = guardSourceWith(guardFunctionSource(), refusalPageSettings(CATALOG, brand, REFUSAL_PAGES));
  return evaluateGuard(source, NO_STORE).refusalPage("expired", [...LANGUAGES]);
}

/** The guard's page settings for `brand` (what infra/edge-guard.ts writes into the deployed function). */
export function guardPageSettings(brand: RefusalBrand = {}): GuardSettings {
  return refusalPageSettings(CATALOG, brand, GUARD_PAGES);
}
