// The message catalogs of every client-facing surface and the one way their messages are formatted
// (docs/languages.md): ICU MessageFormat through intl-messageformat, plurals and dates included.
// No relative imports but the catalogs: the Pulumi program loads this file too, to write the edge's
// refusal pages in every language at deploy time.
import { IntlMessageFormat, type FormatXMLElementFn, type PrimitiveType } from "intl-messageformat";
import de from "./messages/de.json";
import en from "./messages/en.json";
import es from "./messages/es.json";
import fr from "./messages/fr.json";

/** Every message key, as the English catalog defines it; every other catalog has exactly these keys. */
export type MessageKey = keyof typeof en;

/** Every language a client can be served in, the default first. */
export const CATALOGS: Readonly<Record<"en" | "de" | "fr" | "es", Readonly<Record<MessageKey, string>>>> = { en, de, fr, es };

export type Language = keyof typeof CATALOGS;

export const LANGUAGES = Object.keys(CATALOGS) as readonly Language[];

/** Where nothing else chooses: no profile language and no usable Accept-Language. */
export const DEFAULT_LANGUAGE: Language = "en";

/** Each language by its own name, for pickers. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: "English", de: "Deutsch", fr: "Français", es: "Español" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(CATALOGS, value);
}

/** What every place that takes a language says about a wrong one. */
export const LANGUAGE_CHOICES = `one of ${LANGUAGES.join(", ")}`;

/**
 * The language of an Accept-Language header (RFC 9110, section 12.5.4): the supported primary language
 * with the highest weight, the earlier one on a tie; `fallback` when none is supported or the header is
 * absent or malformed. `de-CH` counts as `de`; `*` and weight 0 choose nothing. The edge guard
 * (lib/edge/guard/viewer-request.js) applies the same rule; a test keeps the two equal.
 */
export function negotiateLanguage(header: string | undefined, fallback: Language = DEFAULT_LANGUAGE): Language {
  if (!header) return fallback;
  let best: Language = fallback;
  let bestWeight = 0;
  for (const range of header.slice(0, 1000).split(",")) {
    const match = /^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*[qQ]\s*=\s*([01](?:\.[0-9]{0,3})?))?\s*$/.exec(range);
    if (!match) continue;
    const language = match[1]!.toLowerCase();
    const weight = match[2] === undefined ? 1 : Math.min(1, Number(match[2]));
    if (isLanguage(language) && weight > bestWeight) {
      best = language;
      bestWeight = weight;
    }
  }
  return best;
}

export type MessageValues = Record<string, PrimitiveType | Date>;

/** Named date formats every message may use: `{when, date, zoned}` and `{when, date, utc}` (add " UTC" in the text). */
function dateFormats(timeZone: string) {
  const long = { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" } as const;
  return {
    date: {
      zoned: { ...long, timeZone, timeZoneName: "short" },
      utc: { ...long, timeZone: "UTC" },
      utcShort: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" },
      day: { year: "numeric", month: "short", day: "numeric", timeZone },
    },
  } as const;
}

const compiled = new Map<string, IntlMessageFormat>();

/**
 * One message of one language's catalog, formatted with `values` (plain text: escape it for HTML where
 * it goes into a page). `timeZone` is the zone of `{x, date, zoned}` and `{x, date, day}` (default UTC).
 */
export function formatMessage(language: Language, key: MessageKey, values: MessageValues = {}, timeZone = "UTC"): string {
  const id = `${language}\u0000${timeZone}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const text = CATALOGS[language][key];
    if (typeof text !== "string") throw new Error(`message ${key} is missing from the ${language} catalog`);
    format = new IntlMessageFormat(text, language, dateFormats(timeZone), { ignoreTag: true });
    compiled.set(id, format);
  }
  const out = format.format<string | FormatXMLElementFn<string>>(values as Record<string, PrimitiveType>);
  if (typeof out !== "string") throw new Error(`message ${key} of the ${language} catalog did not format to text`);
  return out;
}
