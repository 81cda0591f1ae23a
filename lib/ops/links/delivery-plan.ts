// Sending a link by e-mail, planned before anything is written: recipients, message, Reply-To,
// the transport and the sending limit are all checked first, so a mistake there changes nothing.
import { z } from "zod";
import { addressOf } from "../../delivery/mail-settings.js";
import { defaultNote } from "../../delivery/messages.js";
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
};

export interface DeliveryRequest {
  to?: string | string[] | undefined;
  contacts?: boolean | undefined;
  message?: string | undefined;
  replyTo?: string | undefined;
}

/** Whether a request asks for e-mail at all. */
export function wantsDelivery(request: DeliveryRequest): boolean {
  return request.contacts === true || typedRecipients(request).length > 0;
}

export interface PlannedDelivery {
  to: string[];
  /** Sends the link; a refused message is a not-delivered error carrying the link and the failed delivery. */
  send(record: LinkRecord): Promise<{ record: LinkRecord; delivery: LinkDelivery }>;
}

/** Who the files are from: the sender name setting (PORTAL_SENDER_NAME), else the person. */
export function senderName(services: Services, actor: Actor): string {
  return services.settings.mail.senderName ?? actor.name.replace(/^cli:/, "");
}

/** The proposed words above the link. */
export function proposedNote(services: Services, actor: Actor, record: LinkRecord): string {
  return defaultNote(record, senderName(services, actor));
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
  const sender = senderName(services, actor);
  // The proposed message names the sender: checked now, so a refusal issues and sends nothing.
  const senderLink = note === undefined ? findLinkLike(sender, ownDomains) : undefined;
  if (senderLink) {
    throw new InvalidRequestError(`message: the proposed message would name the sender "${sender}", which holds ${senderLink.kind}: give the words in message, or set PORTAL_SENDER_NAME`, { field: "message" });
  }
  services.sendLimiter.take(actor.name, to.length);

  return {
    to,
    async send(record) {
      try {
        return await sendLink(
          { records: services.records, mailer, clock: services.clock, mail: services.settings.mail },
          { record, to, note: note ?? defaultNote(record, sender), by: actor.name, sender, ...(replyTo ? { replyTo } : {}) },
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
