import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { termsFromApi } from "../../sharing/issue-input.js";
import { isLinkStatus, LINK_STATUSES } from "../../sharing/links.js";
import { clientsPage } from "../../sharing/clients-list.js";
import { pageLimit } from "../../sharing/page-limit.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { isLinkId } from "../../../lib/publish/layout.js";
import { linkStatus } from "../../../lib/publish/link-record.js";
import { largeSelectionWarning } from "../../../lib/publish/selection.js";
import { findLink } from "../../sharing/links.js";
import { ACTIVITY_OFF, listSummaries } from "../../sharing/activity.js";

/** `{error}` naming what is wrong, with the status that says whose fault it is. */
function apiError(c: Context, status: ContentfulStatusCode, error: string) {
  return c.json({ error }, status);
}

/** The same errors as the pages, as JSON: 400 invalid input, 404 unknown client or link, 502 CDN. */
function fromPublishError(c: Context, error: unknown) {
  const known = publishErrorStatus(error);
  if (!known) throw error;
  return apiError(c, known.status, known.message);
}

/**
 * The JSON API: the pages' data and actions for scripts, with the same session cookie, roles
 * and CSRF rule (POSTs send X-CSRF-Token, which GET /api/session returns).
 */
export function apiRoutes(deps: PortalDeps, reads: ReadCache) {
  const { records } = deps.publisher;
  return new Hono<AppEnv>()
    .get("/api/session", requireUser(), (c) => c.json({ user: c.get("user"), csrfToken: c.get("user").source === "token" ? null : csrfToken(c) }))
    .get("/api/clients", requireUser(), async (c) => {
      const limit = pageLimit(c.req.query("limit"));
      if (limit === null) return apiError(c, 400, "limit: a whole number from 1 to 1000");
      const after = c.req.query("cursor") || undefined;
      const search = c.req.query("q") || undefined;
      // Archived clients are listed too, as before; `archived: false` rows are the portal's default list.
      const page = await clientsPage(deps, reads, { ...(after ? { after } : {}), ...(search ? { search } : {}), archived: true, ...(limit ? { limit } : {}) });
      return c.json({ clients: page.rows, ...(page.next ? { next: page.next } : {}) });
    })
    .get("/api/clients/:client/files", requireUser(), async (c) => {
      const client = c.req.param("client");
      const limit = pageLimit(c.req.query("limit"));
      if (limit === null) return apiError(c, 400, "limit: a whole number from 1 to 1000");
      try {
        const page = await deps.publisher.catalog.filesPage(client, { limit: limit ?? 1000, ...(c.req.query("cursor") ? { token: c.req.query("cursor")! } : {}) });
        return c.json({
          client,
          files: page.files.map((file) => ({ path: file.path, size: file.size, lastModified: file.lastModified.toISOString() })),
          ...(page.next ? { next: page.next } : {}),
        });
      } catch (error) {
        return fromPublishError(c, error);
      }
    })
    .post("/api/clients/:client/links", requireUser(), async (c) => {
      const client = c.req.param("client");
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return apiError(c, 400, 'body: send a JSON object, e.g. {"expires":"7d"}, with Content-Type: application/json');
      }
      const input = termsFromApi(body, deps.clock());
      if (!input.ok) return apiError(c, 400, input.error);
      const user = c.get("user");
      try {
        const record = await reads.publish({ client, issuedBy: user.name, ...input.terms });
        deps.logger.info({ event: "link-issued", client, linkId: record.linkId, by: user.name, expiresAt: record.expiresAt, mode: record.mode });
        const warning = largeSelectionWarning(record.mode, record.fileCount);
        return c.json({ url: record.url, link: { ...record, status: linkStatus(record, deps.clock()) }, ...(warning ? { warning } : {}) }, 201);
      } catch (error) {
        return fromPublishError(c, error);
      }
    })
    .get("/api/links", requireUser(), async (c) => {
      const client = c.req.query("client") || undefined;
      const status = c.req.query("status") || undefined;
      if (status !== undefined && !isLinkStatus(status)) return apiError(c, 400, `status: must be one of ${LINK_STATUSES.join(", ")}`);
      const limit = pageLimit(c.req.query("limit"));
      if (limit === null) return apiError(c, 400, "limit: a whole number from 1 to 1000");
      try {
        const cursor = c.req.query("cursor") || undefined;
        const page = await records.page({ ...(client ? { client } : {}), ...(status ? { status } : {}), ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) });
        const next = page.next ? { next: page.next } : {};
        const usage = await listSummaries(deps, page.links);
        if (!usage) return c.json({ links: page.links, ...next });
        // As `links list --json`: downloads and last download from the stored summaries (the link's activity endpoint reads the logs).
        return c.json({ links: page.links.map((link) => ({ ...link, downloads: usage.get(link.linkId)?.downloads ?? 0, lastDownloadAt: usage.get(link.linkId)?.lastDownloadAt ?? null })), ...next });
      } catch (error) {
        return fromPublishError(c, error);
      }
    })
    .get("/api/links/:linkId/activity", requireUser(), async (c) => {
      const linkId = c.req.param("linkId");
      if (!isLinkId(linkId)) return apiError(c, 404, `there is no link ${linkId}`);
      if (!deps.activity) return apiError(c, 409, ACTIVITY_OFF);
      try {
        const record = await findLink(records, linkId, c.req.query("client") || undefined);
        return c.json(await deps.activity.activity(record));
      } catch (error) {
        return fromPublishError(c, error);
      }
    })
    .post("/api/links/:linkId/revoke", requireUser(), async (c) => {
      const linkId = c.req.param("linkId");
      if (!isLinkId(linkId)) return apiError(c, 404, `there is no link ${linkId}`);
      const user = c.get("user");
      try {
        const result = await records.revoke(linkId, user.name);
        reads.linksChanged();
        deps.logger.info({ event: "link-revoked", client: result.record.client, linkId, by: user.name, alreadyRevoked: result.alreadyRevoked, refusedAtEdge: result.edge ? result.edge.listed : "no revocation list" });
        return c.json({
          link: { ...result.record, status: linkStatus(result.record, deps.clock()) },
          alreadyRevoked: result.alreadyRevoked,
          invalidated: result.invalidated,
          // null: no revocation list, the file URLs keep working until they expire
          edge: result.edge ?? null,
        });
      } catch (error) {
        return fromPublishError(c, error);
      }
    });
}
