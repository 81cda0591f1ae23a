import type { Context } from "hono";
import type { AuditValue } from "../../lib/audit/audit-entry.js";
import type { Role } from "../../lib/users/roles.js";
import { clientAddress } from "../client-address.js";
import type { PortalDeps } from "../deps.js";
import type { AppEnv } from "../env.js";

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
