/** Any origin works as the base: only whether the result stays on it matters. */
const BASE = "http://portal.invalid";
/** Control, format and white-space characters, which browsers drop or fold ("/\t/evil" is "//evil" to them). */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;

/**
 * A local redirect target from a `next` parameter, or "/" (docs/portal.md#sign-in). The value is
 * resolved against the portal's own origin, and the *serialised* result is what gets checked, since
 * that is what goes into `Location`: resolving folds dot segments, so "/.//evil.example" serialises
 * as "//evil.example", which a browser reads as another host. The result must start with exactly
 * one "/" followed by something other than "/" or "\", hold no control or white-space character,
 * and resolve to the portal's origin again.
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
  const target = `${url.pathname}${url.search}${url.hash}`;
  return isSameOriginPath(target) ? target : "/";
}

/** Whether `target`, as written into a Location header, can only be read as a path on the current origin. */
export function isSameOriginPath(target: string): boolean {
  // "//host" and "/\host" name another host to a browser (a backslash is a slash in http URLs).
  if (!target.startsWith("/") || target[1] === "/" || target[1] === "\\" || UNSAFE_CHARACTER.test(target)) return false;
  try {
    return new URL(target, BASE).origin === BASE;
  } catch {
    return false;
  }
}
