import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import type { ReadCache } from "../../sharing/read-cache.js";

/**
 * The JSON API besides the operations (portal/api/): the session, for scripts that sign in with a
 * cookie (POSTs send X-CSRF-Token, which GET /api/session returns), and a client's files.
 */
export function apiRoutes(deps: PortalDeps, reads: ReadCache) {
  return new Hono<AppEnv>()
    .get("/api/session", requireUser(), (c) => c.json({ user: c.get("user"), csrfToken: c.get("user").source === "token" ? null : csrfToken(c) }))
    .get("/api/clients/:client/files", requireUser(), async (c) => {
      const client = c.req.param("client");
      const files = await reads.files(client);
      const { scanning } = deps.services;
      const scans = scanning.enabled ? await scanning.statuses(files.map((file) => file.key)) : undefined;
      return c.json({
        client,
        files: files.map((file) => {
          const scan = scans ? (scans.get(file.key) ?? { status: "pending" as const }) : { status: "off" as const };
          return { path: file.path, size: file.size, lastModified: file.lastModified.toISOString(), scan: scan.status, ...(scan.detail ? { scanDetail: scan.detail } : {}) };
        }),
      });
    });
}
