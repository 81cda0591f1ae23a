// Sending a link by e-mail, planned before anything is written: recipients, message, Reply-To,
// the transport and the sending limit are all checked first, so a mistake there changes nothing.
import { z } from "zod";
import { addressOf } from "../../delivery/mail-settings.js";
import { clientLook } from "../../delivery/client-look.js";
import { defaultNote, pasteMessage, type ClientLook } from "../../delivery/messages.js";
import { SENDER_NAME_HINT, SenderNameMissingError, senderOf, type Sender } from "../../delivery/sender.js";
import { DeliveryFailedError, sendLink } from "../../delivery/send-link.js";
import { InvalidRequestError, ShareError } from "../../errors.js";
import type { LinkDelivery, LinkRecord } from "../../links/link-record.js";
import { parseAddress, parseRecipients } from "../../mail/address.js";
import { findLinkLike } from "../../mail/link-like.js";
import { validateNote } from "../../mail/mail-body.js";
import type { Actor } from "../operation.js";
import { recipients } from "../schemas.js";
import type { Services } from "../services.js";

/** The e-mail members of issue and send requests. */
export const deliveryFields = {
  to: recipients.optional(),
  contacts: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Send to the client's contact addresses (its profile) too" }),
  message: z.string({ error: "must be text" }).max(10_000).optional().meta({ description: "The words above the link (plain text, no link of its own); default: a short greeting" }),
  replyTo: z.string({ error: "must be an e-mail address" }).max(320).optional().meta({ description: "Where replies go; default: your address from the portal's mail settings, when known" }),
  senderName: z
    .string({ error: "must be text" })
    .max(100)
    .optional()
    .meta({ description: "Your name as the client sees it (\"Jane Doe\"); default: the one saved on the portal's E-mail page, else PORTAL_SENDER_NAME. Never a login name: without one, sending is refused" }),
};

export interface DeliveryRequest {
  to?: string | string[] | undefined;
  contacts?: boolean | undefined;
  message?: string | undefined;
  replyTo?: string | undefined;
  senderName?: string | undefined;
}

/** Whether a request asks for e-mail at all. */
export function wantsDelivery(request: DeliveryRequest): boolean {
  return request.contacts === true || typedRecipients(request).length > 0;
}

export interface PlannedDelivery {
  to: string[];
  /** Who sends it (the index page names them too). */
  sender: Sender;
  /** The operator's words, when they typed some. */
  note?: string;
  /** Sends the link; a refused message is a not-delivered error carrying the link and the failed delivery. */
  send(record: LinkRecord): Promise<{ record: LinkRecord; delivery: LinkDelivery }>;
}

/**
 * Who the files are from (docs/delivery.md#who-sent-it): the name given, else the person's display name
 * (the portal's E-mail page), else PORTAL_SENDER_NAME, with the brand's organisation; never a login name.
 * Throws a bad-input error (field senderName) that says what to set when there is none.
 */
export function senderFor(services: Services, actor: Actor, given?: string): Promise<Sender> {
  return senderOf({ settings: services.mailSettings, brand: services.brand }, actor.name, { given, configured: services.settings.mail.senderName });
}

/** The brand and the client's language and time zone, read afresh: a change shows on the next message. */
export function lookFor(services: Services, client: string): Promise<ClientLook> {
  return clientLook({ brand: services.brand, profiles: services.profiles }, client);
}

/** The sender when one is set, else none (a page then names no one; it never names a login). */
export async function optionalSender(services: Services, actor: Actor): Promise<Sender | undefined> {
  try {
    return await senderFor(services, actor);
  } catch (error) {
    if (error instanceof SenderNameMissingError) return undefined;
    throw error;
  }
}

/** The proposed words above the link, in the client's language; "" when no sender name is set (the form says what to set). */
export async function proposedNote(services: Services, actor: Actor, record: LinkRecord): Promise<string> {
  try {
    const [sender, look] = await Promise.all([senderFor(services, actor), lookFor(services, record.client)]);
    return defaultNote(record, sender, look);
  } catch (error) {
    if (error instanceof SenderNameMissingError) return "";
    throw error;
  }
}

/** The ready-to-paste message for the client, in their language; without a sender name, what to set instead. */
export async function clientMessage(services: Services, actor: Actor, record: LinkRecord): Promise<{ text: string } | { missing: string }> {
  try {
    const [sender, look] = await Promise.all([senderFor(services, actor), lookFor(services, record.client)]);
    return { text: pasteMessage(record, sender, look) };
  } catch (error) {
    if (error instanceof SenderNameMissingError) return { missing: `A message for the client needs your name as clients see it: ${SENDER_NAME_HINT.replace(/, or give it with --sender-name \(API: senderName\)/, "")}.` };
    throw error;
  }
}

/** Checks everything about the e-mail and takes the recipients from the sending limit; sends nothing yet. */
export async function planDelivery(services: Services, client: string, request: DeliveryRequest, actor: Actor): Promise<PlannedDelivery> {
  const addresses = typedRecipients(request);
  if (request.contacts) {
    const contacts = (await services.profiles.get(client))?.contacts ?? [];
    if (contacts.length === 0) {
      throw new InvalidRequestError(`contacts: ${client} has no contact addresses; add them with signed-share files profile ${client} --contact ADDRESS (or on the client's page in the portal), or give the addresses to send to`, { field: "contacts" });
    }
    addresses.push(...contacts);
  }
  if (addresses.length === 0) throw new InvalidRequestError("to: give at least one e-mail address", { field: "to" });
  const to = inField("to", () => parseRecipients(addresses));
  const ownDomains = services.settings.mail.ownDomains;
  const note = request.message === undefined ? undefined : inField("message", () => validateNote(request.message!, ownDomains));
  const mailer = services.mailer;
  if (!mailer || mailer.kind === "off") {
    throw new ShareError("unavailable", `cannot send e-mail: ${mailer ? mailer.description : "this portal does not send e-mail"} (docs/delivery.md)`);
  }
  const explicit = request.replyTo === undefined ? undefined : inField("replyTo", () => parseAddress(request.replyTo!, "reply-to address"));
  const saved = explicit === undefined ? addressOf(actor.name, await services.mailSettings.get(actor.name)) : undefined;
  const replyTo = explicit !== undefined ? { address: explicit } : saved !== undefined ? { name: actor.name, address: saved } : undefined;
  // What was typed is checked before who sends it; both before anything is issued or sent.
  const [sender, look] = await Promise.all([senderFor(services, actor, request.senderName), lookFor(services, client)]);
  // The proposed message names the sender: checked now, so a refusal issues and sends nothing.
  const senderLink = note === undefined ? findLinkLike(sender.person, ownDomains) : undefined;
  if (senderLink) {
    throw new InvalidRequestError(`message: the proposed message would name the sender "${sender.person}", which holds ${senderLink.kind}: give the words in message, or another senderName`, { field: "message" });
  }
  services.sendLimiter.take(actor.name, to.length);

  return {
    to,
    sender,
    ...(note !== undefined ? { note } : {}),
    async send(record) {
      try {
        return await sendLink(
          { records: services.records, mailer, clock: services.clock, mail: services.settings.mail },
          { record, to, note: note ?? defaultNote(record, sender, look), by: actor.name, sender, look, ...(replyTo ? { replyTo } : {}) },
        );
      } catch (error) {
        if (error instanceof DeliveryFailedError) throw error;
        if (error instanceof ShareError && error.kind === "bad-input") throw error;
        // The link exists whatever went wrong here (its record could not be updated, say): report it, never lose it.
        const message = error instanceof Error ? error.message : String(error);
        const delivery: LinkDelivery = { id: "", status: "failed", at: services.clock().toISOString(), by: actor.name, to, error: message.replace(/[.\s]+$/, "") };
        throw new DeliveryFailedError(record, delivery, error);
      }
    },
  };
}

/** A rule's refusal, named as the request's field. */
function inField<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidRequestError && error.field === undefined) throw new InvalidRequestError(error.message, { field });
    throw error;
  }
}

function typedRecipients(request: DeliveryRequest): string[] {
  const typed = request.to === undefined ? [] : typeof request.to === "string" ? [request.to] : request.to;
  return typed.filter((text) => text.trim() !== "");
}
