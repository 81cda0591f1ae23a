import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { parseRecipients } from "../../lib/mail/address.js";
import { validateNote } from "../../lib/mail/mail-body.js";
import { InvalidRequestError } from "../../lib/publish/errors.js";
import type { LinkRecord } from "../../lib/publish/link-record.js";
import { addressOf, MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { defaultNote, pasteMessage, type ClientLook } from "../../lib/delivery/messages.js";
import { clientLook } from "../../lib/delivery/client-look.js";
import { SENDER_NAME_HINT, SenderNameMissingError, senderOf as resolveSenderOf, type Sender } from "../../lib/delivery/sender.js";
import { BrandStore } from "../../lib/brand/brand-store.js";
import { sendLink } from "../../lib/delivery/send-link.js";
import type { PortalDelivery, PortalDeps } from "../deps.js";
import type { SessionUser } from "../env.js";

export interface SendRequest {
  /** Typed addresses; when absent or empty, the client's contacts (if `contacts`). */
  to?: string | string[];
  contacts?: boolean;
  /** The words above the link; the proposed text when absent. */
  message?: string;
}

/** Who the files are from: the person's display name, else the sender name setting; throws SenderNameMissingError without one. */
export function senderOf(deps: PortalDeps, user: SessionUser): Promise<Sender> {
  return resolveSenderOf({ settings: new MailSettingsStore(deps.store, deps.clock), brand: new BrandStore(deps.store, deps.clock) }, user.name, { configured: deps.senderName });
}

/** The brand and the client's language and time zone, read afresh. */
export function lookOf(deps: PortalDeps, client: string): Promise<ClientLook> {
  return clientLook({ brand: new BrandStore(deps.store, deps.clock), profiles: deps.files?.profiles ?? new ClientProfiles(deps.store, deps.clock) }, client);
}

/** The client's contact addresses from its profile (none when it has no profile). */
export async function clientContacts(deps: PortalDeps, client: string): Promise<string[]> {
  const profiles = deps.files?.profiles ?? new ClientProfiles(deps.store, deps.clock);
  return (await profiles.get(client))?.contacts ?? [];
}

/** The page's and the API's one way of sending a link: recipients, limit, Reply-To, record-first delivery. */
export async function sendFromPortal(deps: PortalDeps, delivery: PortalDelivery, user: SessionUser, record: LinkRecord, request: SendRequest) {
  const typed = request.to === undefined ? [] : typeof request.to === "string" ? [request.to] : request.to;
  let to: string[];
  if (typed.some((text) => text.trim() !== "")) to = parseRecipients(typed);
  else if (request.contacts) {
    const contacts = await clientContacts(deps, record.client);
    if (contacts.length === 0) throw new InvalidRequestError(`recipients: ${record.client} has no contact addresses; type the addresses, or add contacts to the client`);
    to = parseRecipients(contacts);
  } else throw new InvalidRequestError("recipients: give at least one e-mail address");
  const settings = await new MailSettingsStore(deps.store, deps.clock).get(user.name);
  const replyAddress = addressOf(user.name, settings);
  // What was typed is checked before who sends it: its refusal is the one to fix first.
  const typedNote = request.message === undefined ? undefined : validateNote(request.message, delivery.mail.ownDomains);
  const [sender, look] = await Promise.all([senderOf(deps, user), lookOf(deps, record.client)]);
  const note = typedNote ?? validateNote(defaultNote(record, sender, look), delivery.mail.ownDomains);
  delivery.limiter.take(user.name, to.length);
  return sendLink(
    { records: deps.publisher.records, mailer: delivery.mailer, clock: deps.clock, mail: delivery.mail },
    { record, to, note, by: user.name, sender, look, ...(replyAddress ? { replyTo: { name: user.name, address: replyAddress } } : {}) },
  );
}

/** The issued-link page's message for the client, in the client's language; without a sender name, what to set. */
export async function clientMessageOf(deps: PortalDeps, user: SessionUser, record: LinkRecord): Promise<{ text: string } | { missing: string }> {
  try {
    const [sender, look] = await Promise.all([senderOf(deps, user), lookOf(deps, record.client)]);
    return { text: pasteMessage(record, sender, look) };
  } catch (error) {
    if (error instanceof SenderNameMissingError) return { missing: `A message for the client needs your name as clients see it: ${SENDER_NAME_HINT.replace(/, or give it with --sender-name \(API: senderName\)/, "")}.` };
    throw error;
  }
}

/** The proposed words above the link, or "" when no sender name is set (the form then says what to set). */
export async function proposedNoteOf(deps: PortalDeps, user: SessionUser, record: LinkRecord): Promise<string> {
  try {
    const [sender, look] = await Promise.all([senderOf(deps, user), lookOf(deps, record.client)]);
    return defaultNote(record, sender, look);
  } catch (error) {
    if (error instanceof SenderNameMissingError) return "";
    throw error;
  }
}
