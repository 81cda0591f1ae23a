import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import type { MailConfig } from "../config.js";
import { InvalidRequestError, ShareError } from "../errors.js";
import { linkStatus, type LinkDelivery, type LinkRecord } from "../links/link-record.js";
import type { LinkRecords } from "../links/link-records.js";
import { withRecipients } from "../links/link-label.js";
import { MailSendError, type Mailer, type MailParty } from "../mail/mailer.js";
import { validateNote } from "../mail/mail-body.js";
import { linkMail, type ClientLook } from "./messages.js";
import type { Sender } from "./sender.js";

export interface DeliveryDeps {
  records: LinkRecords;
  mailer: Mailer;
  clock: Clock;
  mail: MailConfig;
}

export interface SendLinkInput {
  record: LinkRecord;
  /** Checked addresses (parseRecipients). */
  to: string[];
  /** The operator's words above the link; checked here. */
  note: string;
  /** Who sends, for the record. */
  by: string;
  /** Who the files are from (lib/delivery/sender.ts: a display name, never a login). */
  sender: Sender;
  /** The brand and the client's language and time zone (lib/delivery/client-look.ts). */
  look: ClientLook;
  replyTo?: MailParty;
}

/** The message did not go out; the link exists and its record says so (`delivery.status` "failed"). */
export class DeliveryFailedError extends ShareError {
  override readonly name = "DeliveryFailedError";
  constructor(
    readonly record: LinkRecord,
    readonly delivery: LinkDelivery,
    cause: unknown,
  ) {
    super("not-delivered", `link ${record.linkId} was not sent: ${delivery.error ?? "unknown error"}. The link itself exists and works; send it again, or copy it into a message yourself`, { cause });
  }
}

/**
 * Sends a link by e-mail the way records are written elsewhere (lib/links/record-first.ts): the
 * record first notes the delivery as "sending", then the message goes out, then the record says
 * "sent" or "failed" and why. Refused before anything is written: a revoked or expired link, a
 * note with a link of its own, e-mail turned off.
 */
export async function sendLink(deps: DeliveryDeps, input: SendLinkInput): Promise<{ record: LinkRecord; delivery: LinkDelivery }> {
  const status = linkStatus(input.record, deps.clock());
  if (status === "revoked" || status === "expired") throw new InvalidRequestError(`link ${input.record.linkId} is ${status}: issue a new link and send that one`);
  if (input.to.length === 0) throw new InvalidRequestError("recipients: give at least one e-mail address");
  if (deps.mailer.kind === "off") throw new MailSendError(`e-mail is off: ${deps.mailer.description}`, true);
  const mail = linkMail({
    record: input.record,
    note: validateNote(input.note, deps.mail.ownDomains),
    sender: input.sender,
    look: input.look,
    fromAddress: deps.mail.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  });

  const sending: LinkDelivery = {
    id: randomBytes(6).toString("base64url"),
    status: "sending",
    at: deps.clock().toISOString(),
    by: input.by,
    sender: input.sender.person,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo.address } : {}),
  };
  const { client, linkId } = input.record;
  const settle = (delivery: LinkDelivery) =>
    deps.records.update(client, linkId, (record) => ({ ...record, deliveries: (record.deliveries ?? []).map((d) => (d.id === delivery.id ? delivery : d)) }));
  // The addresses join the link's recipients as it goes out (docs/links.md#labels-and-search).
  await deps.records.update(client, linkId, (record) => ({ ...withRecipients(record, input.to), deliveries: [...(record.deliveries ?? []), sending] }));

  let delivery: LinkDelivery;
  try {
    const sent = await deps.mailer.send(mail);
    delivery = { ...sending, status: "sent", via: sent.via, messageId: sent.messageId };
  } catch (error) {
    const failed: LinkDelivery = { ...sending, status: "failed", via: deps.mailer.description, error: error instanceof Error ? error.message : String(error) };
    const record = await settle(failed).catch(() => input.record);
    throw new DeliveryFailedError(record, failed, error);
  }
  const record = await settle(delivery);
  return { record, delivery };
}
