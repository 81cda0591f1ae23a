import { parseDuration } from "./duration.js";

/**
 * An instant given as ISO 8601 (with a time zone, or UTC when it has none), epoch seconds, or a
 * duration from `now` (`7d`, `+12h`).
 */
export function parseInstant(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (/^\d{9,11}$/.test(trimmed)) return new Date(Number(trimmed) * 1000);
  if (/^\+?\d+\s*[smhd]$/.test(trimmed)) return new Date(now.getTime() + parseDuration(trimmed.replace(/^\+/, "")));
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10 ? trimmed : `${trimmed}Z`;
    const date = new Date(zoned.replace(" ", "T"));
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`"${text}" is not a date: use ISO 8601 (2030-01-01T00:00:00Z), epoch seconds, or a duration like 7d or 12h`);
}
