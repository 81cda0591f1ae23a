import type { MessageKey } from "../i18n/catalog.js";
import type { Translator } from "../i18n/translator.js";

// Numbers tried for each plural category; one of them selects every category of the catalogs' languages
// (French "many" takes a million).
const SAMPLES = [1, 2, 0, 3, 5, 11, 21, 22, 100, 1.5, 1_000_000];

/**
 * A plural message for a page's script, which counts in the browser: the message formatted in each
 * plural category of the translator's language, the number replaced by `{n}`
 * ({one: "{n} Datei", other: "{n} Dateien"}). The script picks the form with Intl.PluralRules.
 * `key` takes its number as `count`.
 */
export function pluralForms(tr: Translator, key: MessageKey): Record<string, string> {
  const rules = new Intl.PluralRules(tr.language);
  const number = new Intl.NumberFormat(tr.language);
  const forms: Record<string, string> = {};
  for (const category of rules.resolvedOptions().pluralCategories) {
    const sample = SAMPLES.find((n) => rules.select(n) === category);
    if (sample === undefined) continue;
    forms[category] = tr.t(key, { count: sample }).replace(number.format(sample), "{n}");
  }
  return forms;
}
