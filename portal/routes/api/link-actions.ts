import { Hono } from "hono";
import { z } from "zod";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { firstIssue } from "../../sharing/issue-input.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { parseInstant } from "../../../lib/instant.js";
import { isLinkId, validateClientName } from "../../../lib/links/layout.js";
import { linkStatus } from "../../../lib/links/link-record.js";
import { renewLink, RenewRevokeFailedError } from "../../../lib/links/renew.js";
import { revokeClientLinks } from "../../../lib/links/revoke-client.js";

/** The body of POST /api/links/:linkId/renew. */
const renewSchema = z.strictObject({
  expires: z.string({ error: 'is required: a duration like "7d" or an ISO 8601 date' }).max(100),
  revokeOld: z.boolean({ error: "must be true or false" }).optional(),
});

/** "Issue again" and "revoke all links of a client" as JSON, with the same session and CSRF rule as the rest of /api. */
export function linkActionApiRoutes(deps: PortalDeps, reads: ReadCache) {
  return new Hono<AppEnv>()
    .post("/api/links/:linkId/renew", requireUser(), async (c) => {
      const linkId = c.req.param("linkId");
      if (!isLinkId(linkId)) return c.json({ error: `there is no link ${linkId}` }, 404);
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'body: send a JSON object, e.g. {"expires":"7d","revokeOld":true}, with Content-Type: application/json' }, 400);
      }
      const parsed = renewSchema.safeParse(body);
      if (!parsed.success) return c.json({ error: firstIssue(parsed.error) }, 400);
      let expiresAt: Date;
      try {
        expiresAt = parseInstant(parsed.data.expires, deps.clock());
      } catch {
        return c.json({ error: `expires: ${JSON.stringify(parsed.data.expires)} is neither a duration like "7d" nor an ISO 8601 date` }, 400);
      }
      const user = c.get("user");
      try {
        const result = await reads.gated(() => renewLink(deps.publisher, { linkId, expiresAt, issuedBy: user.name, revokeOld: parsed.data.revokeOld ?? false }));
        deps.logger.info({ event: "link-renewed", client: result.record.client, linkId: result.record.linkId, from: linkId, by: user.name, revokedOld: Boolean(result.revoked) });
        return c.json({ url: result.record.url, link: { ...result.record, status: linkStatus(result.record, deps.clock()) }, renewedFrom: linkId, revokedOld: Boolean(result.revoked) }, 201);
      } catch (error) {
        if (error instanceof RenewRevokeFailedError) return c.json({ error: error.message, url: error.record.url, link: error.record }, 502);
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return c.json({ error: known.message }, known.status);
      }
    })
    .post("/api/clients/:client/links/revoke", requireUser(), async (c) => {
      const client = c.req.param("client");
      try {
        validateClientName(client);
      } catch (error) {
        return c.json({ error: (error as Error).message }, 400);
      }
      const user = c.get("user");
      const result = await revokeClientLinks(deps.publisher.records, client, user.name, deps.clock);
      reads.linksChanged();
      deps.logger.info({ event: "client-links-revoked", client, by: user.name, revoked: result.revoked.length, failed: result.failed.length });
      const body = {
        client,
        revoked: result.revoked.map((r) => r.record.linkId),
        failed: result.failed.map((f) => ({ linkId: f.linkId, error: f.error.message })),
      };
      return c.json(body, result.failed.length > 0 ? 502 : 200);
    });
}
