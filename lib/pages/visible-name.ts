/**
 * Bidirectional controls (embeddings, overrides, isolates, marks) reorder how a name is drawn:
 * `\u202Egnp.js` shows as `sj.png`. Names on the page and in the portal show each one as a visible
 * code point (`[U+202E]`) instead, so a file looks like what it is.
 */
const BIDI_CONTROL = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

export function visibleName(name: string): string {
  return name.replace(BIDI_CONTROL, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);
}
