// The words of the pages the edge generates (docs/revocation.md, "What the viewer sees"), in every language
// of the message catalogs, with the organisation's name and contact filled in. Written into the guard file
// at deploy time (infra/edge-guard.ts) and when the local edge starts, and rendered into the custom error
// page (infra/expired-link-page.ts, lib/edge/denied-page.ts) by the guard's one page template. No runtime
// imports: the Pulumi program loads this file too; the catalogs come in as `catalog`.
import type { Language, MessageKey, MessageValues } from "../../i18n/catalog.js";

export type RefusalPageName = "notComplete" | "withdrawn" | "unavailable" | "expired";

/** Every page the template knows; the guard function itself answers with the first three only. */
export const REFUSAL_PAGES: readonly RefusalPageName[] = ["notComplete", "withdrawn", "unavailable", "expired"];
export const GUARD_PAGES: readonly RefusalPageName[] = ["notComplete", "withdrawn", "unavailable"];

/**
 * By language (the first is the default): each page's title, what happened and what to do next, HTML, with
 * `{contact}` where the contact goes; and `contact`, the words for it when the stack names none.
 */
export type RefusalTexts = Record<string, { contact: string } & Partial<Record<RefusalPageName, [string, string, string]>>>;

/** Who the pages name: the stack's organisationName and supportContact (plain text); absent: the catalogs' words. */
export interface RefusalBrand {
  organisation?: string | undefined;
  contact?: string | undefined;
}

/** The message catalogs (lib/i18n/catalog.ts), passed in. */
export interface RefusalCatalog {
  languages: readonly Language[];
  format(language: Language, key: MessageKey, values?: MessageValues): string;
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The texts of `pages` in every language of `catalog`. */
export function refusalTexts(catalog: RefusalCatalog, pages: readonly RefusalPageName[] = REFUSAL_PAGES): RefusalTexts {
  const texts: RefusalTexts = {};
  for (const language of catalog.languages) {
    const entry: RefusalTexts[string] = { contact: escapeHtml(catalog.format(language, "refusal.contact.default")) };
    for (const page of pages) {
      // The placeholder passes through the message as text and through escaping unchanged.
      const text = (part: "title" | "what" | "next") => escapeHtml(catalog.format(language, `refusal.${page}.${part}` as MessageKey, { contact: "{contact}" }));
      entry[page] = [text("title"), text("what"), text("next")];
    }
    texts[language] = entry;
  }
  return texts;
}

/** The guard file's page settings (lib/edge/guard/guard-settings.ts): the texts of `pages`, the organisation and contact. */
export function refusalPageSettings(catalog: RefusalCatalog, brand: RefusalBrand, pages: readonly RefusalPageName[]): { pages: RefusalTexts; organisation: string; contact: string } {
  return { pages: refusalTexts(catalog, pages), organisation: brand.organisation?.trim() ?? "", contact: brand.contact?.trim() ?? "" };
}
