import type { AuditEvent } from "./audit-entry.js";

export const AUDIT_CSV_COLUMNS = ["at", "event", "operation", "actor", "role", "via", "from", "outcome", "client", "details"] as const;

/** The header line of the CSV export (RFC 4180, CRLF line ends). */
export function auditCsvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
}

/** One event as a CSV line; details as compact JSON in one cell. */
export function auditCsvLine(event: AuditEvent): string {
  const cells = [event.at, event.event, event.operation ?? "", event.actor.name, event.actor.role ?? "", event.actor.via, event.from ?? "", event.outcome, event.client ?? "", JSON.stringify(event.details)];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * A cell quoted when it must be; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * at the start: names and client folders come from people) is prefixed with ' as OWASP advises.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
