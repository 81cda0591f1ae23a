import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { parseRecipients } from "../../lib/mail/address.js";
import { validateNote } from "../../lib/mail/mail-body.js";
import { InvalidRequestError } from "../../lib/publish/errors.js";
import type { LinkRecord } from "../../lib/publish/link-record.js";
import { addressOf, MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { defaultNote } from "../../lib/delivery/messages.js";
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

/** Who the files are from: the sender name setting, else the person signed in. */
export function senderOf(deps: PortalDeps, user: SessionUser): string {
  return deps.senderName ?? user.name;
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
  const sender = senderOf(deps, user);
  const note = validateNote(request.message ?? defaultNote(record, sender), delivery.mail.ownDomains);
  delivery.limiter.take(user.name, to.length);
  return sendLink(
    { records: deps.publisher.records, mailer: delivery.mailer, clock: deps.clock, mail: delivery.mail },
    { record, to, note, by: user.name, sender, ...(replyAddress ? { replyTo: { name: user.name, address: replyAddress } } : {}) },
  );
}
