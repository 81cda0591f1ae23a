import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { findLink, isLinkStatus } from "../../sharing/links.js";
import { pageLimit } from "../../sharing/page-limit.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { NotFoundError } from "../../../lib/publish/errors.js";
import { isLinkId } from "../../../lib/publish/layout.js";
import { linkStatus, type LinkRecord } from "../../../lib/publish/link-record.js";
import { IssuedPage } from "../../views/issued-page.js";
import { LinksPage } from "../../views/links-page.js";
import { qrSvg } from "../../views/qr-code.js";
import { RevokePage } from "../../views/revoke-page.js";
import { seg } from "../../views/page.js";
import { activityView, listSummaries } from "../../sharing/activity.js";
import { sendFormState } from "./send.js";

/** The links list, the issued-link page, and revocation with a confirmation step. */
export function linkRoutes(deps: PortalDeps, reads: ReadCache) {
  const { records } = deps.publisher;
  const client = (value: string | undefined) => (value ? value : undefined);

  return new Hono<AppEnv>()
    .get("/links", requireUser(), async (c) => {
      const status = c.req.query("status");
      const filter = { client: client(c.req.query("client")?.trim()), status: isLinkStatus(status) ? status : undefined };
      const limit = pageLimit(c.req.query("limit"));
      try {
        const cursor = c.req.query("after") || undefined;
        const page = await records.page({ ...(filter.client ? { client: filter.client } : {}), ...(filter.status ? { status: filter.status } : {}), ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) });
        const revoked = c.req.query("revoked");
        const revokedAll = c.req.query("revokedAll");
        const notice = revoked
          ? revokedNotice(filter.client && isLinkId(revoked) ? await records.get(filter.client, revoked) : undefined, deps.publisher.revocationTakesEffect, deps.clock())
          : revokedAll !== undefined && filter.client && /^\d+$/.test(revokedAll)
            ? `${revokedAll} ${revokedAll === "1" ? "link" : "links"} of ${filter.client} revoked.`
            : undefined;
        const usage = await listSummaries(deps, page.links);
        return c.html(<LinksPage links={page.links} usage={usage} filter={filter} notice={notice} {...(page.next ? { next: page.next } : {})} continued={cursor !== undefined} user={c.get("user")} csrfToken={csrfToken(c)} />);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
    })
    .get("/links/:linkId/issued", requireUser(), async (c) => {
      try {
        const record = await findLink(records, c.req.param("linkId"), client(c.req.query("client")));
        const user = c.get("user");
        const sender = deps.senderName ?? user.name;
        const status = linkStatus(record, deps.clock());
        const revoked = status === "revoked";
        const activity = await activityView(deps, record);
        const sentId = c.req.query("sent");
        const sent = sentId ? record.deliveries?.find((d) => d.id === sentId && d.status === "sent") : undefined;
        const send = await sendFormState(deps, record, user, sent ? { sent } : {});
        return c.html(
          <IssuedPage record={record} qrSvg={await qrSvg(record.url)} sender={sender} revoked={revoked} expired={status === "expired"} activity={activity} send={send} user={user} csrfToken={csrfToken(c)} />,
        );
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
    })
    .get("/links/:linkId/revoke", requireUser(), async (c) => {
      try {
        const record = await findLink(records, c.req.param("linkId"), client(c.req.query("client")));
        const link = { ...record, status: linkStatus(record, deps.clock()) };
        const takesEffect = deps.publisher.revocationTakesEffect;
        return c.html(<RevokePage link={link} {...(takesEffect ? { takesEffect } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
    })
    .post("/links/:linkId/revoke", requireUser(), async (c) => {
      const user = c.get("user");
      const linkId = c.req.param("linkId");
      try {
        if (!isLinkId(linkId)) throw new NotFoundError(`there is no link ${linkId}`, "link");
        const result = await records.revoke(linkId, user.name);
        reads.linksChanged();
        deps.logger.info({ event: "link-revoked", client: result.record.client, linkId, by: user.name, alreadyRevoked: result.alreadyRevoked, refusedAtEdge: result.edge ? result.edge.listed : "no revocation list" });
        return c.redirect(`/links?client=${seg(result.record.client)}&revoked=${seg(linkId)}`, 303);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
    });
}

function revokedNotice(record: LinkRecord | undefined, takesEffect: string | undefined, now: Date): string | undefined {
  if (!record || linkStatus(record, now) !== "revoked") return undefined;
  const link = record;
  if (!takesEffect) return `Link ${link.linkId} for ${link.client} is revoked: its page is deleted. This distribution has no revocation list, so file links already copied from the page work until they expire.`;
  return `Link ${link.linkId} for ${link.client} is revoked: its page is deleted and the edge refuses every address of the link ${takesEffect}.`;
}
