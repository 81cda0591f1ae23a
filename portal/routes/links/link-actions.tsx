import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import { findLink } from "../../sharing/links.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { linkStatus } from "../../../lib/publish/link-record.js";
import { renewLink, RenewRevokeFailedError } from "../../../lib/publish/renew.js";
import { revokeClientLinks } from "../../../lib/publish/revoke-client.js";
import { RenewPage, RevokeAllPage } from "../../views/link-actions-pages.js";
import { seg } from "../../views/page.js";

/** "Issue again" on a link, and revoking every active link of a client, each with a confirmation page. */
/** Links the revoke-all confirmation lists (it counts them all). */
const REVOKE_ALL_SHOWN = 100;

export function linkActionRoutes(deps: PortalDeps, reads: ReadCache) {
  const { records } = deps.publisher;
  const onError = (c: Parameters<typeof refuse>[0], error: unknown) => {
    const known = publishErrorStatus(error);
    if (!known) throw error;
    return refuse(c, known.status, known.title, known.message);
  };

  return new Hono<AppEnv>()
    .get("/links/:linkId/renew", requireUser(), async (c) => {
      try {
        const record = await findLink(records, c.req.param("linkId"), c.req.query("client") || undefined);
        const link = { ...record, status: linkStatus(record, deps.clock()) };
        return c.html(<RenewPage link={link} minDateTime={toUtcDateTimeValue(deps.clock())} user={c.get("user")} csrfToken={csrfToken(c)} />);
      } catch (error) {
        return onError(c, error);
      }
    })
    .post("/links/:linkId/renew", requireUser(), async (c) => {
      const user = c.get("user");
      const body = await c.req.parseBody();
      const fields = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      try {
        const record = await findLink(records, c.req.param("linkId"), fields.client || undefined);
        const input = termsFromForm({ expiry: fields.expiry ?? "", expiresAt: fields.expiresAt ?? "" }, deps.clock());
        if (!input.ok) {
          const link = { ...record, status: linkStatus(record, deps.clock()) };
          return c.html(<RenewPage link={link} error={input.error} minDateTime={toUtcDateTimeValue(deps.clock())} user={user} csrfToken={csrfToken(c)} />, 400);
        }
        const result = await reads.gated(() => renewLink(deps.publisher, { linkId: record.linkId, expiresAt: input.terms.expiresAt, issuedBy: user.name, revokeOld: fields.revokeOld === "yes" }));
        deps.logger.info({ event: "link-renewed", client: record.client, linkId: result.record.linkId, from: record.linkId, by: user.name, revokedOld: Boolean(result.revoked) });
        return c.redirect(`/links/${seg(result.record.linkId)}/issued?client=${seg(record.client)}`, 303);
      } catch (error) {
        if (error instanceof RenewRevokeFailedError) return refuse(c, 502, "Issued again, but the old link still works", error.message);
        const known = publishErrorStatus(error);
        if (known?.status === 400) {
          const record = await findLink(records, c.req.param("linkId"), fields.client || undefined);
          return c.html(<RenewPage link={{ ...record, status: linkStatus(record, deps.clock()) }} error={known.message} minDateTime={toUtcDateTimeValue(deps.clock())} user={user} csrfToken={csrfToken(c)} />, 400);
        }
        return onError(c, error);
      }
    })
    .get("/clients/:client/revoke-all", requireUser(), async (c) => {
      const client = c.req.param("client");
      // The newest active links and their count, from the link index: the page stays small for any number.
      const [page, count] = await Promise.all([records.page({ client, status: "active", limit: REVOKE_ALL_SHOWN }), records.activeCount(client, Number.MAX_SAFE_INTEGER)]);
      return c.html(<RevokeAllPage client={client} links={page.links} total={count.active} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/clients/:client/revoke-all", requireUser(), async (c) => {
      const client = c.req.param("client");
      const user = c.get("user");
      try {
        const result = await revokeClientLinks(records, client, user.name, deps.clock);
        reads.linksChanged();
        deps.logger.info({ event: "client-links-revoked", client, by: user.name, revoked: result.revoked.length, failed: result.failed.length });
        if (result.failed.length > 0) {
          const failures = result.failed.map((f) => `${f.linkId}: ${f.error.message}`).join("; ");
          return refuse(c, 502, "Some links were not revoked", `${result.revoked.length} links of ${client} are revoked; these failed and still work: ${failures}. Try again.`);
        }
        return c.redirect(`/links?client=${seg(client)}&revokedAll=${result.revoked.length}`, 303);
      } catch (error) {
        return onError(c, error);
      }
    });
}
