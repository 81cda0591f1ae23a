import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { isLinkStatus } from "../../sharing/links.js";
import { pageLimit } from "../../sharing/page-limit.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { ops } from "../../../lib/ops/registry.js";
import { actorOf, operationRunner } from "../../operations.js";
import { IssuedPage } from "../../views/issued-page.js";
import { LinksPage } from "../../views/links-page.js";
import { qrSvg } from "../../views/qr-code.js";
import { RevokePage } from "../../views/revoke-page.js";
import { seg } from "../../views/page.js";
import { activityView } from "../../sharing/activity.js";
import { sendFormState } from "./send.js";
import { clientMessage } from "../../../lib/ops/links/delivery-plan.js";

/** Links per page of the Links page without ?limit=. */
const LINKS_PAGE_LIMIT = 50;

/** The links list, the issued-link page, and revocation with a confirmation step: pages over the links operations. */
export function linkRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  const client = (value: string | undefined) => (value ? value : undefined);
  const takesEffect = () => deps.services.publisher.revocationTakesEffect;

  return new Hono<AppEnv>()
    .get("/links", requireUser(), async (c) => {
      const status = c.req.query("status");
      const filter = { client: client(c.req.query("client")?.trim()), status: isLinkStatus(status) ? status : undefined };
      const limit = pageLimit(c.req.query("limit"));
      const cursor = c.req.query("after") || undefined;
      // One page from the link index: its records and no other (docs/architecture.md#lists-by-cursor).
      const page = await run(c, ops.links.list, {
        ...(filter.client ? { client: filter.client } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        limit: limit ?? LINKS_PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      });
      const revoked = c.req.query("revoked");
      const revokedAll = c.req.query("revokedAll");
      const notice = revoked
        ? revokedNotice(filter.client ? (await run(c, ops.links.get, { linkId: revoked, client: filter.client }).catch(() => undefined))?.link : undefined, takesEffect())
        : revokedAll !== undefined && filter.client && /^\d+$/.test(revokedAll)
          ? `${revokedAll} ${revokedAll === "1" ? "link" : "links"} of ${filter.client} revoked.`
          : undefined;
      const usage = deps.services.activity !== undefined && page.links.every((link) => link.downloads !== null);
      return c.html(<LinksPage links={page.links} usage={usage} filter={filter} notice={notice} {...(page.next ? { next: page.next } : {})} continued={cursor !== undefined} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/links/:linkId/issued", requireUser(), async (c) => {
      const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: client(c.req.query("client")) });
      const user = c.get("user");
      const activity = await activityView(c, run, link);
      const sentId = c.req.query("sent");
      const sent = sentId ? link.deliveries?.find((d) => d.id === sentId && d.status === "sent") : undefined;
      const send = await sendFormState(deps, link, user, sent ? { sent } : {});
      return c.html(
        <IssuedPage record={link} qrSvg={await qrSvg(link.url)} clientMessage={await clientMessage(deps.services, actorOf(user, "portal"), link)} revoked={link.status === "revoked"} expired={link.status === "expired"} activity={activity} send={send} user={user} csrfToken={csrfToken(c)} />,
      );
    })
    .get("/links/:linkId/revoke", requireUser(), async (c) => {
      const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: client(c.req.query("client")) });
      const effect = takesEffect();
      return c.html(<RevokePage link={link} {...(effect ? { takesEffect: effect } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/links/:linkId/revoke", requireUser(), async (c) => {
      const linkId = c.req.param("linkId");
      const result = await run(c, ops.links.revoke, { linkId });
      return c.redirect(`/links?client=${seg(result.client)}&revoked=${seg(linkId)}`, 303);
    });
}

function revokedNotice(link: { linkId: string; client: string; status: string } | undefined, takesEffect: string | undefined): string | undefined {
  if (!link || link.status !== "revoked") return undefined;
  if (!takesEffect) return `Link ${link.linkId} for ${link.client} is revoked: its page is deleted. This distribution has no revocation list, so file links already copied from the page work until they expire.`;
  return `Link ${link.linkId} for ${link.client} is revoked: its page is deleted and the edge refuses every address of the link ${takesEffect}.`;
}
