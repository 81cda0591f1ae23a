/** Any origin works as the base: only whether the result stays on it matters. */
const BASE = "http://portal.invalid";
/** Control, format and white-space characters, which browsers drop or fold ("/\t/evil" is "//evil" to them). */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;

/**
 * A local redirect target from a `next` parameter: resolved against the portal's own origin and
 * kept only when it stays there and holds no control or white-space character; anything else is "/".
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || UNSAFE_CHARACTER.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
