import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { pageLimit } from "../../sharing/page-limit.js";
import { InvalidRequestError } from "../../../lib/errors.js";

/** Files per page of GET /api/clients/:client/files without ?limit=. */
export const FILES_PAGE_LIMIT = 1000;

/**
 * The JSON API besides the operations (portal/api/): the session, for scripts that sign in with a
 * cookie (POSTs send X-CSRF-Token, which GET /api/session returns), and a client's files a page at a time.
 */
export function apiRoutes(deps: PortalDeps, reads: ReadCache) {
  return new Hono<AppEnv>()
    .get("/api/session", requireUser(), (c) => c.json({ user: c.get("user"), csrfToken: c.get("user").source === "token" ? null : csrfToken(c) }))
    .get("/api/clients/:client/files", requireUser(), async (c) => {
      const client = c.req.param("client");
      const limit = pageLimit(c.req.query("limit"));
      if (limit === null) throw new InvalidRequestError("limit: must be a whole number from 1 to 1000", { field: "limit" });
      const cursor = c.req.query("cursor") || undefined;
      // One page of the folder's listing: a client of any size answers at once (docs/portal.md#json-api).
      const page = await deps.services.catalog.filesPage(client, { limit: limit ?? FILES_PAGE_LIMIT, ...(cursor ? { token: cursor } : {}) });
      const files = page.files;
      const { scanning } = deps.services;
      const scans = scanning.enabled ? await scanning.statuses(files.map((file) => file.key)) : undefined;
      return c.json({
        client,
        files: files.map((file) => {
          const scan = scans ? (scans.get(file.key) ?? { status: "pending" as const }) : { status: "off" as const };
          return { path: file.path, size: file.size, lastModified: file.lastModified.toISOString(), scan: scan.status, ...(scan.detail ? { scanDetail: scan.detail } : {}) };
        }),
        ...(page.next ? { next: page.next } : {}),
      });
    });
}
