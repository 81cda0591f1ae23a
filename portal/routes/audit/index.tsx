import { Hono } from "hono";
import { ShareError, HTTP_STATUS } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { AuditPage, type AuditQuery } from "../../views/audit-page.js";
import { AUDIT_ACTIONS } from "./actions.js";

/** /audit: the audit trail for admins, filtered and paged (docs/audit.md). */
export function auditRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv & SignedInEnv>().get("/audit", requireRole("admin"), async (c) => {
    const query: AuditQuery = {};
    for (const name of ["user", "client", "action", "since", "until"] as const) {
      const value = c.req.query(name)?.trim();
      if (value) query[name] = value;
    }
    const cursor = c.req.query("cursor") || undefined;
    const common = { query, actions: AUDIT_ACTIONS, user: c.get("user"), csrfToken: csrfToken(c), paged: cursor !== undefined };
    try {
      const page = await run(c, ops.audit.list, { ...query, ...(cursor ? { cursor } : {}) });
      return c.html(<AuditPage events={page.events as never} {...(page.next ? { next: page.next } : {})} {...(page.stoppedEarly ? { stoppedEarly: true } : {})} {...common} />);
    } catch (error) {
      if (error instanceof ShareError && error.kind === "bad-input") return c.html(<AuditPage events={[]} error={error.message} {...common} />, HTTP_STATUS["bad-input"]);
      throw error;
    }
  });
}
