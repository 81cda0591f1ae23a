import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { operationRunner } from "../../operations.js";
import { RenewPage, RevokeAllPage } from "../../views/link-actions-pages.js";
import { seg } from "../../views/page.js";

/** Links the revoke-all confirmation lists (it counts them all). */
const REVOKE_ALL_SHOWN = 100;

/** "Issue again" on a link, and revoking every active link of a client, each with a confirmation page. */
export function linkActionRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");

  return new Hono<AppEnv>()
    .get("/links/:linkId/renew", requireUser(), async (c) => {
      const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: c.req.query("client") || undefined });
      return c.html(<RenewPage link={link} minDateTime={toUtcDateTimeValue(deps.clock())} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/links/:linkId/renew", requireUser(), async (c) => {
      const user = c.get("user");
      const body = await c.req.parseBody();
      const fields = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: fields.client || undefined });
      const refused = (error: string) => c.html(<RenewPage link={link} error={error} minDateTime={toUtcDateTimeValue(deps.clock())} user={user} csrfToken={csrfToken(c)} />, HTTP_STATUS["bad-input"]);
      const input = termsFromForm({ expiry: fields.expiry ?? "", expiresAt: fields.expiresAt ?? "" }, deps.clock());
      if (!input.ok) return refused(input.error);
      try {
        const renewed = await run(c, ops.links.renew, { linkId: link.linkId, expires: input.terms.expiresAt.toISOString(), revokeOld: fields.revokeOld === "yes" });
        return c.redirect(`/links/${seg(renewed.link.linkId)}/issued?client=${seg(link.client)}`, 303);
      } catch (error) {
        if (error instanceof ShareError && error.kind === "bad-input") return refused(error.message);
        throw error;
      }
    })
    .get("/clients/:client/revoke-all", requireUser(), async (c) => {
      const client = c.req.param("client");
      // The newest active links and their count, from the link index: the page stays small for any number.
      const { records } = deps.services;
      const [page, count] = await Promise.all([records.page({ client, status: "active", limit: REVOKE_ALL_SHOWN }), records.activeCount(client, Number.MAX_SAFE_INTEGER)]);
      return c.html(<RevokeAllPage client={client} links={page.links} total={count.active} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/clients/:client/revoke-all", requireUser(), async (c) => {
      const client = c.req.param("client");
      const result = await run(c, ops.links.revokeAll, { client });
      return c.redirect(`/links?client=${seg(client)}&revokedAll=${result.revoked.length}`, 303);
    });
}
