/**
 * The one rule for the characters of every name that enters the product (docs/files.md#names):
 * client names, display names, file and folder paths, selection entries, header text of e-mails.
 * A name may not hold a character that is not drawn, or that changes how the characters around it
 * are drawn, so that what people read is what is stored:
 *
 * - control characters, C0 and C1 (U+0000-U+001F, U+007F-U+009F);
 * - bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069);
 * - line and paragraph separators (U+2028, U+2029);
 * - invisible characters: every other format character (Unicode category Cf) and every
 *   default-ignorable code point (zero-width space, word joiner, soft hyphen, Hangul fillers,
 *   variation selectors, tags, ...);
 * - unpaired surrogates and noncharacters, which no encoding carries faithfully.
 *
 * Three uses of invisible characters change what is drawn, and are kept where they do: an emoji
 * presentation selector after an emoji and a zero-width joiner between two emoji ("👩‍💻"), an
 * ideographic variation selector after an ideograph, and a zero-width (non-)joiner between two
 * letters of a script whose letters it joins or separates (Persian "می‌خواهم", Devanagari).
 */

const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /\p{Cc}/u;
const SEPARATOR = /[\p{Zl}\p{Zp}]/u;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const UNENCODABLE = /[\p{Cs}\p{Noncharacter_Code_Point}]/u;
const ANY_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Noncharacter_Code_Point}]/u;

/** Scripts in which a zero-width joiner or non-joiner changes how neighbouring letters are drawn. */
const JOINING_SCRIPTS = [
  "Arabic", "Syriac", "Nko", "Mongolian", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya",
  "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Myanmar", "Khmer",
].map((script) => `\\p{Script=${script}}`).join("");

/** Invisible characters that do change what is drawn, in the place where they do. */
const DRAWN_IN_CONTEXT = [
  new RegExp("(?<=\\p{Emoji}\\p{Emoji_Modifier}?)[\\uFE0E\\uFE0F]", "gu"),
  new RegExp("(?<=\\p{Extended_Pictographic}[\\uFE0F\\p{Emoji_Modifier}]?)\\u200D(?=\\p{Extended_Pictographic})", "gu"),
  new RegExp("(?<=\\p{Ideographic})[\\u{E0100}-\\u{E01EF}]", "gu"),
  new RegExp(`(?<=[${JOINING_SCRIPTS}]\\p{M}*)[\\u200C\\u200D](?=[${JOINING_SCRIPTS}])`, "gu"),
];

export interface UnsafeCharacter {
  /** "U+202E" */
  codePoint: string;
  /** Where it was found (UTF-16 index). */
  index: number;
  /** What it is, in words: "a bidirectional control character". */
  kind: string;
}

/**
 * The first character of `text` that the name rule refuses, or undefined. `lineBreaks` lets tab,
 * CR and LF through (the body of a message); nothing else is ever let through.
 */
export function unsafeCharacter(text: string, options: { lineBreaks?: boolean } = {}): UnsafeCharacter | undefined {
  if (!ANY_UNSAFE.test(text)) return undefined;
  const drawn = new Set<number>();
  for (const pattern of DRAWN_IN_CONTEXT) for (const match of text.matchAll(pattern)) drawn.add(match.index);
  let index = 0;
  for (const char of text) {
    const at = index;
    index += char.length;
    if (!ANY_UNSAFE.test(char) || drawn.has(at)) continue;
    if (options.lineBreaks && (char === "\t" || char === "\n" || char === "\r")) continue;
    return { codePoint: codePointName(char), index: at, kind: kindOf(char) };
  }
  return undefined;
}

function kindOf(char: string): string {
  if (CONTROL.test(char)) return "a control character";
  if (BIDI_CONTROL.test(char)) return "a bidirectional control character";
  if (SEPARATOR.test(char)) return "a line or paragraph separator";
  if (UNENCODABLE.test(char)) return "an unpaired surrogate or a noncharacter";
  if (INVISIBLE.test(char)) return "an invisible character";
  return "a character names may not hold";
}

/** "U+202E" */
export function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `text` breaks the name rule ("contains a control character (U+0007)"), or undefined when it does not. */
export function nameCharacterProblem(text: string, options: { lineBreaks?: boolean } = {}): string | undefined {
  const found = unsafeCharacter(text, options);
  if (!found) return undefined;
  const why = BIDI_CONTROL.test(String.fromCodePoint(text.codePointAt(found.index)!)) ? ", which can make it read as another name" : "";
  return `contains ${found.kind} (${found.codePoint})${why}`;
}

/** Whether `text` holds a character the name rule refuses. */
export function hasUnsafeNameCharacter(text: string): boolean {
  return unsafeCharacter(text) !== undefined;
}
