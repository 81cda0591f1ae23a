import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { isLinkStatus } from "../../sharing/links.js";
import { pageLimit } from "../../sharing/page-limit.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { ops } from "../../../lib/ops/registry.js";
import { operationRunner } from "../../operations.js";
import { LinksPage } from "../../views/links-page.js";
import { RevokePage } from "../../views/revoke-page.js";
import { seg } from "../../views/page.js";
import { issuedPageView } from "./send.js";
import { pagerLinks, pagerState } from "../../sharing/pager.js";
import { RevokedManyPage, RevokeManyPage, type RevokeManyResult } from "../../views/revoke-many-page.js";
import { InvalidRequestError, ShareError } from "../../../lib/errors.js";
import { MAX_REVOKE_MANY } from "../../../lib/ops/links/revoke-many.js";

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
      const search = (c.req.query("q") ?? "").trim().slice(0, 200);
      const filter = { client: client(c.req.query("client")?.trim()), status: isLinkStatus(status) ? status : undefined, ...(search ? { search } : {}) };
      const limit = pageLimit(c.req.query("limit"));
      const pager = pagerState(c.req.query("after") || undefined, c.req.query("back"));
      // One page from the link index: its records and no other, a search read from the index too (docs/architecture.md#lists-by-cursor).
      const page = await run(c, ops.links.list, {
        ...(filter.client ? { client: filter.client } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(search ? { search } : {}),
        limit: limit ?? LINKS_PAGE_LIMIT,
        ...(pager.after ? { cursor: pager.after } : {}),
      });
      const pages = pagerLinks("/links", { q: search, client: filter.client, status: filter.status, ...(limit ? { limit: String(limit) } : {}) }, pager, page.next);
      const revoked = c.req.query("revoked");
      const revokedAll = c.req.query("revokedAll");
      const notice = revoked
        ? revokedNotice(filter.client ? (await run(c, ops.links.get, { linkId: revoked, client: filter.client }).catch(() => undefined))?.link : undefined, takesEffect())
        : revokedAll !== undefined && filter.client && /^\d+$/.test(revokedAll)
          ? `${revokedAll} ${revokedAll === "1" ? "link" : "links"} of ${filter.client} revoked.`
          : undefined;
      const usage = deps.services.activity !== undefined && page.links.every((link) => link.downloads !== null);
      return c.html(<LinksPage links={page.links} usage={usage} filter={filter} notice={notice} pages={pages} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/links/revoke-selected", requireUser(), async (c) => {
      // The one confirmation of "Revoke selected": what each ticked link is (one read each, its client known).
      const chosen = selectedLinks(c.req.queries("link") ?? []);
      if (chosen.length === 0) return c.redirect("/links", 303);
      if (chosen.length > MAX_REVOKE_MANY) throw new InvalidRequestError(`link: at most ${MAX_REVOKE_MANY} links at once (${chosen.length} ticked); tick fewer, or search to narrow the list`, { field: "link" });
      const links = await Promise.all(chosen.map(async ({ linkId, client }) => (await run(c, ops.links.get, { linkId, ...(client ? { client } : {}) }).catch(() => undefined))?.link));
      const found = links.filter((link): link is NonNullable<typeof link> => link !== undefined);
      const effect = takesEffect();
      return c.html(<RevokeManyPage links={found} missing={chosen.length - found.length} {...(effect ? { takesEffect: effect } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/links/revoke-selected", requireUser(), async (c) => {
      const body = await c.req.parseBody({ all: true });
      const ids = [body.link ?? []].flat().filter((v): v is string => typeof v === "string");
      const chosen = selectedLinks(ids);
      if (chosen.length === 0) return c.redirect("/links", 303);
      let result: RevokeManyResult;
      try {
        result = await run(c, ops.links.revokeMany, { linkIds: chosen.map((l) => l.linkId) });
      } catch (error) {
        if (!(error instanceof ShareError && error.kind === "partial" && error.partial)) throw error;
        result = error.partial as RevokeManyResult;
      }
      return c.html(<RevokedManyPage result={result} takesEffect={takesEffect()} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/links/:linkId/issued", requireUser(), async (c) => {
      const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: client(c.req.query("client")) });
      const sentId = c.req.query("sent");
      const sent = sentId ? link.deliveries?.find((d) => d.id === sentId && d.status === "sent") : undefined;
      return c.html(await issuedPageView(deps, c, run, link, sent ? { sent } : {}));
    })
    .post("/links/:linkId/edit", requireUser(), async (c) => {
      const body = await c.req.parseBody();
      const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
      const label = text("label");
      const recipients = text("recipients");
      const { link } = await run(c, ops.links.edit, {
        linkId: c.req.param("linkId"),
        ...(text("client") ? { client: text("client") } : {}),
        ...(label !== undefined ? { label } : {}),
        ...(recipients !== undefined ? { recipients } : {}),
      });
      return c.redirect(`/links/${seg(link.linkId)}/issued?client=${seg(link.client)}`, 303);
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

/** The ticked links ("<linkId>/<client>", or a bare id), once each; more than MAX_REVOKE_MANY is refused by the operation (bad input). */
function selectedLinks(values: readonly string[]): { linkId: string; client?: string }[] {
  const seen = new Map<string, { linkId: string; client?: string }>();
  for (const value of values) {
    const slash = value.indexOf("/");
    const linkId = slash < 0 ? value : value.slice(0, slash);
    const client = slash < 0 ? undefined : value.slice(slash + 1);
    if (linkId && !seen.has(linkId)) seen.set(linkId, { linkId, ...(client ? { client } : {}) });
  }
  return [...seen.values()];
}
