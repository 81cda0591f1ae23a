import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { ClientProfiles } from "../lib/files/client-profiles.js";
import { parseAddress, parseRecipients } from "../lib/mail/address.js";
import { createMailer } from "../lib/mail/create-mailer.js";
import { findLinkLike } from "../lib/mail/link-like.js";
import { validateNote } from "../lib/mail/mail-body.js";
import { defaultNote } from "../lib/delivery/messages.js";
import { DeliveryFailedError, sendLink } from "../lib/delivery/send-link.js";
import { InvalidRequestError } from "../lib/publish/errors.js";
import type { LinkDelivery, LinkRecord } from "../lib/publish/link-record.js";
import type { Publishing } from "../lib/publish/create-publishing.js";
import { operatorName, UsageError } from "./cli.js";

export interface MailFlags {
  email?: boolean;
  to?: string[];
  message?: string;
  "reply-to"?: string;
  by?: string;
}

export interface PlannedMail {
  /** Sends the issued link; a failed send is reported in `delivery`, never thrown. */
  send(record: LinkRecord): Promise<{ record?: LinkRecord; delivery: LinkDelivery }>;
}

/**
 * `issue --email/--to`: everything about the e-mail is checked before the link is issued
 * (recipients, the client's contacts, the message, that e-mail is set up), so a mistake there
 * issues nothing. Only the mail server's own answer can fail after the link exists.
 */
export async function planMail(config: Config, publishing: Publishing, client: string, flags: MailFlags): Promise<PlannedMail> {
  const usage = <T>(check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (error instanceof InvalidRequestError) throw new UsageError(error.message);
      throw error;
    }
  };
  const recipients: string[] = [];
  if (flags.email) {
    const profile = await new ClientProfiles(publishing.store, systemClock).get(client).catch((error: unknown) => {
      if (error instanceof InvalidRequestError) throw new UsageError(error.message);
      throw error;
    });
    if (!profile?.contacts.length) throw new UsageError(`--email: ${client} has no contact addresses; add them on the client's page in the portal, or use --to`);
    recipients.push(...profile.contacts);
  }
  if (flags.to) recipients.push(...flags.to);
  const to = usage(() => parseRecipients(recipients, "--to"));
  const note = flags.message === undefined ? undefined : usage(() => validateNote(flags.message!, config.mail.ownDomains));
  const replyAddress = flags["reply-to"] === undefined ? undefined : usage(() => parseAddress(flags["reply-to"]!, "--reply-to"));
  const mailer = createMailer(config, { store: publishing.store, clock: systemClock });
  if (mailer.kind === "off") throw new UsageError(`cannot send e-mail: ${mailer.description} (docs/delivery.md)`);
  const by = flags.by ?? `cli:${operatorName()}`;
  const sender = config.mail.senderName ?? by.replace(/^cli:/, "");
  // The proposed message names the sender: checked now, so a refusal issues nothing.
  const senderLink = note === undefined ? findLinkLike(sender, config.mail.ownDomains) : undefined;
  if (senderLink) throw new UsageError(`the proposed message would name the sender "${sender}", which holds ${senderLink.kind}: give the words with --message, or set PORTAL_SENDER_NAME`);

  return {
    async send(record) {
      try {
        return await sendLink(
          { records: publishing.records, mailer, clock: systemClock, mail: config.mail },
          { record, to, note: note ?? defaultNote(record, sender), by, sender, ...(replyAddress ? { replyTo: { address: replyAddress } } : {}) },
        );
      } catch (error) {
        if (error instanceof DeliveryFailedError) return { record: error.record, delivery: error.delivery };
        // The link exists whatever went wrong here (its record could not be updated, say): report, never lose the URL.
        const message = error instanceof Error ? error.message : String(error);
        return { delivery: { id: "", status: "failed", at: new Date().toISOString(), by, to, error: message.replace(/[.\s]+$/, "") } };
      } finally {
        mailer.close();
      }
    },
  };
}
