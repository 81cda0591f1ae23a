/** Outcome of reading a Range header against an object's size (RFC 9110 section 14). */
export type RangeOutcome =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * One `bytes=` range: `a-b`, `a-` or `-n` (the last n bytes). Several ranges or anything unparseable
 * is served whole, as RFC 9110 allows a server to do.
 */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== "" && Number(last) < start)) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}
