// The message catalogs (lib/i18n): every language has every message, with the same arguments, and every
// message formats; the edge guard's own English words and its Accept-Language rule are the catalogs'.
import { parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refusalTexts } from "../../lib/edge/guard/refusal-texts.js";
import { guardFunctionSource } from "../../lib/edge/guard/guard-source.js";
import { evaluateGuard, NO_STORE } from "../../lib/edge/guard/guard-vm.js";
import { CATALOGS, formatMessage, LANGUAGES, negotiateLanguage, type MessageKey } from "../../lib/i18n/catalog.js";
import { guardSourceWith } from "../../lib/edge/guard/guard-settings.js";

/** The argument names of a message, with the kind of each (plain, plural, select, date). */
function argumentsOf(elements: MessageFormatElement[], out = new Map<string, number>()): Map<string, number> {
  for (const element of elements) {
    if ("value" in element && typeof element.value === "string" && element.type !== 0 && element.type !== 8) out.set(element.value, element.type);
    if ("options" in element) for (const option of Object.values(element.options)) argumentsOf(option.value, out);
  }
  return out;
}

describe("the catalogs", () => {
  const keys = Object.keys(CATALOGS.en).sort();

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s has exactly the English keys, each with the same arguments of the same kinds", (language) => {
    expect(Object.keys(CATALOGS[language]).sort()).toEqual(keys);
    for (const key of keys as MessageKey[]) {
      const mine = [...argumentsOf(parse(CATALOGS[language][key])).entries()].sort();
      const english = [...argumentsOf(parse(CATALOGS.en[key])).entries()].sort();
      expect(mine, `${language} ${key}`).toEqual(english);
    }
  });

  it("every message of every language formats, plurals by the language's rules", () => {
    const values = { count: 1, size: "1 KiB", when: new Date("2030-01-01T12:00:00Z"), unit: "day", contact: "C", sender: "S", person: "P", organisation: "O", files: "F", until: "U", start: "T", left: "L", url: "https://x.example/", terms: "R", client: "K", i: "I", path: "P", status: "S", name: "N", error: "E", reason: "R", seconds: 3, done: 1, total: 2, failed: 1, percent: 50, address: "a@b.example", at: "A", matched: "M" };
    for (const language of LANGUAGES) for (const key of keys as MessageKey[]) expect(formatMessage(language, key, values, "Europe/Berlin")).not.toMatch(/\{|\}/);
    expect(formatMessage("de", "size.files", { count: 2, size: "3 MiB" })).toBe("2 Dateien, 3 MiB");
    expect(formatMessage("fr", "size.files", { count: 1, size: "3 Mio" })).toBe("1 fichier, 3 Mio");
    expect(formatMessage("es", "mail.reminder.left", { unit: "hour", count: 5 })).toBe("5 horas");
  });

  it("dates are in the given zone and language, with UTC beside them", () => {
    const when = new Date("2030-03-01T09:30:00Z");
    expect(formatMessage("de", "date.zonedWithUtc", { when }, "Europe/Berlin")).toBe("Freitag, 1. März 2030 um 10:30 MEZ (1. März 2030, 09:30 UTC)");
    expect(formatMessage("en", "date.utcOnly", { when })).toMatch(/^Friday, March 1, 2030 at 09:30 (AM )?UTC$/);
  });
});

describe("the edge guard speaks the catalogs", () => {
  it("its own English words are the English catalog's (regenerate the PAGES line when a refusal message changes)", () => {
    const source = guardFunctionSource();
    const fromCatalog = guardSourceWith(source, { pages: refusalTexts({ languages: ["en"], format: formatMessage }) });
    expect(source.split("\n").find((l) => l.startsWith("const PAGES"))).toBe(fromCatalog.split("\n").find((l) => l.startsWith("const PAGES")));
  });

  it("chooses the language of an Accept-Language header exactly as negotiateLanguage does", () => {
    const guard = evaluateGuard(guardSourceWith(guardFunctionSource(), { pages: refusalTexts({ languages: LANGUAGES, format: formatMessage }) }), NO_STORE);
    const tag = fc.oneof(fc.constantFrom("de", "DE", "fr-CA", "es-419", "en-GB", "it", "*", "x", "de-", "zh-Hant-TW", ""), fc.string({ maxLength: 6 }));
    const weight = fc.oneof(fc.constant(""), fc.constantFrom(";q=0", ";q=1", ";q=0.5", ";q=0.50", "; q=0.9", ";Q=0.1", ";q=1.5", ";q=abc", ";q=.5"));
    const header = fc.array(fc.tuple(tag, weight).map(([t, w]) => t + w), { maxLength: 5 }).map((parts) => parts.join(fc.sample(fc.constantFrom(",", ", ", " ,"), 1)[0]));
    fc.assert(
      fc.property(header, (value) => {
        expect(guard.languageOf({ "accept-language": { value } })).toBe(negotiateLanguage(value));
      }),
      { numRuns: 2000 },
    );
    expect(guard.languageOf({})).toBe("en");
    expect(negotiateLanguage("fr;q=0.4, de;q=0.8, es")).toBe("es");
    expect(negotiateLanguage("it, de;q=0.1")).toBe("de");
  });
});
