import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SessionUser, SignedInEnv } from "../../env.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import type { LinkRecord } from "../../../lib/links/link-record.js";
import { clientMessage, proposedNote } from "../../../lib/ops/links/delivery-plan.js";
import type { LinkView } from "../../../lib/ops/links/link-view.js";
import { ops } from "../../../lib/ops/registry.js";
import { actorOf, operationRunner, type RunOperation } from "../../operations.js";
import { visibleName } from "../../../lib/pages/visible-name.js";
import { activityView } from "../../sharing/activity.js";
import { IssuedPage } from "../../views/issued-page.js";
import { seg } from "../../views/page.js";
import { qrSvg } from "../../views/qr-code.js";
import type { SendFormState } from "../../views/send-link-card.js";

/** What the issued-link page's "Send by e-mail" card shows; undefined when the portal sends no e-mail. */
export async function sendFormState(deps: PortalDeps, record: LinkRecord, user: SessionUser, overrides: Partial<SendFormState> = {}): Promise<SendFormState | undefined> {
  const mailer = deps.services.mailer;
  if (!mailer) return undefined;
  const sentId = overrides.sent?.id;
  return {
    transport: { kind: mailer.kind, description: mailer.description },
    ownDomains: deps.services.settings.mail.ownDomains,
    to: overrides.to ?? ((await deps.services.profiles.get(record.client))?.contacts ?? []).join(", "),
    message: overrides.message ?? (await proposedNote(deps.services, actorOf(user, "portal"), record)),
    ...(overrides.error ? { error: overrides.error } : {}),
    ...(sentId ? { sent: overrides.sent! } : {}),
  };
}

/** The issued-link page of a link, its send card in the given state; the client named as a person reads it. */
export async function issuedPageView(deps: PortalDeps, c: Context<AppEnv & SignedInEnv>, run: RunOperation, link: LinkView, state: Partial<SendFormState>) {
  const user = c.get("user");
  const [send, activity, profile] = await Promise.all([sendFormState(deps, link, user, state), activityView(c, run, link), deps.services.profiles.get(link.client).catch(() => undefined)]);
  return (
    <IssuedPage
      record={link}
      clientName={profile?.displayName ? visibleName(profile.displayName) : link.client}
      qrSvg={await qrSvg(link.url)}
      clientMessage={await clientMessage(deps.services, actorOf(user, "portal"), link)}
      revoked={link.status === "revoked"}
      expired={link.status === "expired"}
      activity={activity}
      send={send}
      user={user}
      csrfToken={csrfToken(c)}
    />
  );
}

/** Sending an issued link by e-mail from its page (the form of the send card), through the links.send operation. */
export function sendLinkRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");

  /** The issued-link page with the send card in a given state, at the status of what went wrong. */
  const issuedPage = async (c: Context<AppEnv & SignedInEnv>, link: LinkView, state: Partial<SendFormState>, status: ContentfulStatusCode) =>
    c.html(await issuedPageView(deps, c, run, link, state), status);

  return new Hono<AppEnv>().post("/links/:linkId/send", requireUser(), async (c) => {
    const { link } = await run(c, ops.links.get, { linkId: c.req.param("linkId"), client: c.req.query("client") || undefined });
    const form = await c.req.parseBody();
    const to = typeof form.to === "string" ? form.to : "";
    const message = typeof form.message === "string" ? form.message : "";
    const typed = { to, message };
    try {
      const { delivery } = await run(c, ops.links.send, { linkId: link.linkId, client: link.client, to, message });
      return c.redirect(`/links/${seg(link.linkId)}/issued?client=${seg(link.client)}&sent=${seg(delivery.id)}#send`, 303);
    } catch (error) {
      if (!(error instanceof ShareError) || error.kind === "internal" || error.kind === "not-found") throw error;
      if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
      const after = (error.partial?.link as LinkView | undefined) ?? link;
      const failed = error.partial?.delivery as { error?: string } | undefined;
      const words =
        error.kind === "not-delivered"
          ? `Not sent: ${failed?.error ?? error.message}. The link itself was issued and works: try again, or copy the message into your own mail program.`
          : `Not sent: ${error.message.replace(/[.\s]+$/, "")}.`;
      return issuedPage(c, after, { ...typed, error: words }, HTTP_STATUS[error.kind]);
    }
  });
}
