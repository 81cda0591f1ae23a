import type { AuditTrail } from "../lib/ops/services.js";
import type { LogFields, Logger } from "./logger.js";

/**
 * The portal's audit trail for now: each state change an operation makes is one JSON line of the
 * portal's log (`event`, `by`, and what changed), a failure half-way a warning line.
 */
export function auditLog(logger: Logger): AuditTrail {
  return {
    async record(entry) {
      const ok = entry.outcome === "ok";
      const fields: LogFields = { event: ok ? entry.event : `${entry.event}-failed`, by: entry.actor.name };
      for (const [name, value] of Object.entries(entry.details)) fields[name] = Array.isArray(value) ? JSON.stringify(value) : (value as LogFields[string]);
      if (!ok) fields.outcome = entry.outcome;
      (ok ? logger.info : logger.warn)(fields);
    },
  };
}
