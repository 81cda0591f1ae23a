/** Durations and instants as operators type them: `7d`, `12h`, `2030-01-01T00:00:00Z`, `1893456000`. */

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds in `90s`, `30m`, `12h`, `7d` or `2w`; throws for anything else, zero included. */
export function parseDuration(text: string): number {
  const match = text.trim().match(/^(\d{1,7})\s*([smhdw])$/);
  const ms = match ? Number(match[1]) * units[match[2] as string]! : NaN;
  if (!(ms > 0)) throw new Error(`"${text}" is not a duration like 90s, 30m, 12h, 7d or 2w`);
  return ms;
}

/**
 * An instant given as ISO 8601 (with a time zone, or UTC when it has none), epoch seconds, or a
 * duration from `now` (`7d`, `+12h`).
 */
export function parseInstant(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (/^\d{9,11}$/.test(trimmed)) return new Date(Number(trimmed) * 1000);
  if (/^\+?\d+\s*[smhdw]$/.test(trimmed)) return new Date(now.getTime() + parseDuration(trimmed.replace(/^\+/, "")));
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10 ? trimmed : `${trimmed}Z`;
    const date = new Date(zoned.replace(" ", "T"));
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`"${text}" is not a date: use ISO 8601 (2030-01-01T00:00:00Z), epoch seconds, or a duration like 7d`);
}
