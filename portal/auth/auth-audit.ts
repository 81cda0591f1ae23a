import type { Context } from "hono";
import type { AuditValue } from "../../lib/audit/audit-entry.js";
import type { Role } from "../../lib/users/roles.js";
import { clientAddress } from "../client-address.js";
import type { PortalDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import type { LogFields } from "../logger.js";

/**
 * Writes a sign-in, sign-out or account event to the audit trail (docs/audit.md). Operations write
 * theirs through the operations layer; these happen before there is a session to run one with.
 * A trail that cannot be written is logged, and does not lock people out.
 */
export async function recordAuthEvent(
  deps: Pick<PortalDeps, "services" | "clock" | "logger" | "trustProxy">,
  c: Pick<Context<AppEnv>, "env" | "req">,
  event: { event: string; user: string; role?: Role; outcome: "ok" | "refused"; details?: Record<string, AuditValue> },
): Promise<void> {
  try {
    await deps.services.auditLog.record({
      at: deps.clock().toISOString(),
      event: event.event,
      actor: { name: event.user, ...(event.role ? { role: event.role } : {}), via: "portal" },
      from: clientAddress(c, deps.trustProxy ?? false),
      outcome: event.outcome,
      details: event.details ?? {},
    });
  } catch (error) {
    deps.logger.error({ event: "audit-write-failed", audited: event.event, message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * A state change the portal makes outside the operations layer (API tokens, client folders, uploads,
 * deleted files, e-mail settings): its JSON log line and its audit event (docs/audit.md). Such a
 * change moves into lib/ops as it becomes an operation, and then the operations layer writes it.
 */
export async function recordChange(
  deps: Pick<PortalDeps, "services" | "clock" | "logger" | "trustProxy">,
  c: Pick<Context<AppEnv>, "env" | "req">,
  user: { name: string; role: Role },
  event: string,
  details: Record<string, AuditValue>,
): Promise<void> {
  const logged: LogFields = { event, by: user.name };
  for (const [name, value] of Object.entries(details)) logged[name] = Array.isArray(value) ? JSON.stringify(value) : (value as LogFields[string]);
  deps.logger.info(logged);
  try {
    await deps.services.auditLog.record({
      at: deps.clock().toISOString(),
      event,
      actor: { name: user.name, role: user.role, via: user.name.startsWith("token:") ? "api" : "portal" },
      from: clientAddress(c, deps.trustProxy ?? false),
      outcome: "ok",
      details,
    });
  } catch (error) {
    deps.logger.error({ event: "audit-write-failed", audited: event, message: error instanceof Error ? error.message : String(error) });
  }
}
