import { Hono, type Context } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDelivery, PortalDeps } from "../../deps.js";
import type { AppEnv, SessionUser, SignedInEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { findLink } from "../../sharing/links.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { clientContacts, sendFromPortal, senderOf } from "../../sharing/send-link.js";
import { DeliveryFailedError } from "../../../lib/delivery/send-link.js";
import { defaultNote } from "../../../lib/delivery/messages.js";
import { MailSendError } from "../../../lib/mail/mailer.js";
import { SendLimitError } from "../../../lib/mail/send-limit.js";
import { linkStatus, type LinkRecord } from "../../../lib/publish/link-record.js";
import { IssuedPage } from "../../views/issued-page.js";
import { qrSvg } from "../../views/qr-code.js";
import type { SendFormState } from "../../views/send-link-card.js";
import { activityView } from "../../sharing/activity.js";
import { seg } from "../../views/page.js";

/** What the issued-link page's "Send by e-mail" card shows; undefined when the portal has no delivery. */
export async function sendFormState(deps: PortalDeps, record: LinkRecord, user: SessionUser, overrides: Partial<SendFormState> = {}): Promise<SendFormState | undefined> {
  const delivery = deps.delivery;
  if (!delivery) return undefined;
  const sentId = overrides.sent?.id;
  return {
    transport: { kind: delivery.mailer.kind, description: delivery.mailer.description },
    ownDomains: delivery.mail.ownDomains,
    to: overrides.to ?? (await clientContacts(deps, record.client)).join(", "),
    message: overrides.message ?? defaultNote(record, senderOf(deps, user)),
    ...(overrides.error ? { error: overrides.error } : {}),
    ...(sentId ? { sent: overrides.sent! } : {}),
  };
}

/** The issued-link page with the send card in a given state, at a given status. */
async function issuedPage(c: Context<AppEnv & SignedInEnv>, deps: PortalDeps, record: LinkRecord, state: Partial<SendFormState>, status: 200 | 400 | 429 | 502 | 503) {
  const user = c.get("user");
  const now = deps.clock();
  const send = await sendFormState(deps, record, user, state);
  const statusNow = linkStatus(record, now);
  const activity = await activityView(deps, record);
  return c.html(
    <IssuedPage record={record} qrSvg={await qrSvg(record.url)} sender={senderOf(deps, user)} revoked={statusNow === "revoked"} expired={statusNow === "expired"} activity={activity} send={send} user={user} csrfToken={csrfToken(c)} />,
    status,
  );
}

/** Sending an issued link by e-mail from its page (the form of the send card). */
export function sendLinkRoutes(deps: PortalDeps, delivery: PortalDelivery, reads: ReadCache) {
  return new Hono<AppEnv>().post("/links/:linkId/send", requireUser(), async (c) => {
    const user = c.get("user");
    let record: LinkRecord;
    try {
      record = await findLink(deps.publisher.records, c.req.param("linkId"), c.req.query("client") || undefined);
    } catch (error) {
      const known = publishErrorStatus(error);
      if (!known) throw error;
      return refuse(c, known.status, known.title, known.message);
    }
    const form = await c.req.parseBody();
    const to = typeof form.to === "string" ? form.to : "";
    const message = typeof form.message === "string" ? form.message : "";
    const typed = { to, message };
    try {
      const { delivery: sent } = await sendFromPortal(deps, delivery, user, record, { to, message });
      reads.linksChanged();
      deps.logger.info({ event: "link-sent", client: record.client, linkId: record.linkId, by: user.name, recipients: sent.to.length, via: sent.via ?? "" });
      return c.redirect(`/links/${seg(record.linkId)}/issued?client=${seg(record.client)}&sent=${seg(sent.id)}#send`, 303);
    } catch (error) {
      if (error instanceof DeliveryFailedError) {
        reads.linksChanged();
        deps.logger.warn({ event: "link-send-failed", client: record.client, linkId: record.linkId, by: user.name, message: error.delivery.error ?? "" });
        return issuedPage(c, deps, error.record, { ...typed, error: `Not sent: ${error.delivery.error}. The link itself was issued and works: try again, or copy the message into your own mail program.` }, 502);
      }
      if (error instanceof SendLimitError) {
        c.header("Retry-After", String(error.retryAfterSeconds));
        return issuedPage(c, deps, record, { ...typed, error: `Not sent: ${error.message}.` }, 429);
      }
      if (error instanceof MailSendError) return issuedPage(c, deps, record, { ...typed, error: `Not sent: ${error.message}.` }, 503);
      const known = publishErrorStatus(error);
      if (!known || known.status !== 400) throw error;
      return issuedPage(c, deps, record, { ...typed, error: `Not sent: ${known.message}.` }, 400);
    }
  });
}
