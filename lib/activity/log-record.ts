/**
 * One line of a CloudFront access log as standard logging v2 delivers it in the JSON output format:
 * one JSON object per line, keyed by the field names of the AWS field list ("Log file fields" in the
 * CloudFront developer guide). The local edge writes the same objects (docs/activity.md).
 */

/**
 * The fields the delivery selects, in order. Left out on purpose: cs(Referer) and cs(Cookie) (a
 * Referer can hold a signed URL), cs(Host) and the TLS fields (not needed to attribute a request).
 */
export const LOG_FIELDS = [
  "date",
  "time",
  "x-edge-location",
  "sc-bytes",
  "c-ip",
  "cs-method",
  "cs-uri-stem",
  "sc-status",
  "cs(User-Agent)",
  "cs-uri-query",
  "x-edge-result-type",
  "x-edge-request-id",
  "time-taken",
  "x-edge-response-result-type",
  "x-edge-detailed-result-type",
  "sc-content-len",
  "sc-range-start",
  "sc-range-end",
] as const;

export type LogField = (typeof LOG_FIELDS)[number];

/** A parsed line: every value as text, absent when the log says "-" (CloudFront's empty value). */
export type LogRecord = Partial<Record<LogField, string>>;

/** The JSON line of a record; empty fields are written as "-", as CloudFront does. */
export function formatLogLine(record: LogRecord): string {
  const line: Record<string, string> = {};
  for (const field of LOG_FIELDS) line[field] = record[field] ?? "-";
  return `${JSON.stringify(line)}\n`;
}

/** The record of one JSON line, or undefined for a line that is not a JSON object (a torn write, noise). */
export function parseLogLine(line: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record: LogRecord = {};
  for (const field of LOG_FIELDS) {
    const raw = (value as Record<string, unknown>)[field];
    if (raw === undefined || raw === null) continue;
    const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : undefined;
    if (text !== undefined && text !== "-" && text !== "") record[field] = text;
  }
  return record;
}

/** The instant of a record: `date` and `time` are UTC (the time CloudFront finished responding). */
export function recordInstant(record: LogRecord): Date | undefined {
  if (!record.date || !record.time) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(record.date) || !/^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(record.time)) return undefined;
  const at = new Date(`${record.date}T${record.time}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
