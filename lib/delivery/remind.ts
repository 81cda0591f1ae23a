import type { LinkActivitySource, LinkActivitySummary } from "../activity/link-summary.js";
import type { Clock } from "../clock.js";
import type { MailConfig } from "../config.js";
import type { LinkRecord } from "../links/link-record.js";
import type { LinkRecords } from "../links/link-records.js";
import { MailSendError, type Mailer, type MailParty, type OutgoingMail } from "../mail/mailer.js";
import type { Claims } from "./claims.js";
import { addressOf, type MailSettingsStore } from "./mail-settings.js";
import { notificationMail, reminderMail, type ClientLook, type NotificationEvent } from "./messages.js";
import { SENDER_NAME_HINT, type Sender } from "./sender.js";

/** Download logs arrive up to a day late: links are watched this long after they expire. */
const WATCH_AFTER_EXPIRY_MS = 2 * 86_400_000;
const SEND_CONCURRENCY = 4;

export const REMINDER_EVENT = "reminder";

export interface RemindDeps {
  records: LinkRecords;
  claims: Claims;
  mailer: Mailer;
  clock: Clock;
  mail: MailConfig;
  /** What the edge's logs say about each link's downloads (docs/architecture.md, "Download activity"). */
  activity: LinkActivitySource;
  settings: MailSettingsStore;
  /** The portal's URL, for the link in notifications; none when unknown. */
  portalUrl?: string;
  /** The brand and a client's language and time zone, read afresh (lib/delivery/client-look.ts). */
  look(client: string): Promise<ClientLook>;
}

export type RemindEvent = typeof REMINDER_EVENT | NotificationEvent;

export interface RemindOutcome {
  linkId: string;
  client: string;
  event: RemindEvent;
  status: "sent" | "failed" | "skipped";
  to?: string[];
  detail?: string;
}

export interface RemindReport {
  /** Links looked at (neither pending nor revoked, not long expired). */
  links: number;
  outcomes: RemindOutcome[];
  /** Events another run (or an earlier one) had claimed already. */
  alreadyClaimed: number;
}

/**
 * One run of `signed-share remind` (docs/delivery.md): reminders to the recipients of e-mailed
 * links that expire within the reminder window and are not fully downloaded, and download
 * notifications to the people who issued links. Every message is claimed first (Claims), so
 * runs can overlap and repeat: each message goes out at most once.
 */
export async function runReminders(deps: RemindDeps): Promise<RemindReport> {
  const now = deps.clock();
  const watched = (await deps.records.list()).filter(
    (record) => !record.pending && !record.revoked && Date.parse(record.expiresAt) + WATCH_AFTER_EXPIRY_MS > now.getTime(),
  );
  const report: RemindReport = { links: watched.length, outcomes: [], alreadyClaimed: 0 };
  for (let i = 0; i < watched.length; i += SEND_CONCURRENCY) {
    await Promise.all(watched.slice(i, i + SEND_CONCURRENCY).map((record) => handleLink(deps, record, now, report)));
  }
  return report;
}

async function handleLink(deps: RemindDeps, record: LinkRecord, now: Date, report: RemindReport): Promise<void> {
  let summary: LinkActivitySummary | null | undefined;
  const activity = async () => (summary === undefined ? (summary = await deps.activity.summary(record.linkId)) : summary);
  const complete = (s: LinkActivitySummary | null) => s !== null && record.fileCount > 0 && new Set(s.filesComplete).size >= record.fileCount;

  const recipients = sentTo(record);
  const left = Date.parse(record.expiresAt) - now.getTime();
  if (recipients.length > 0 && left > 0 && left <= deps.mail.remindBeforeMs && !(await deps.claims.exists(record.linkId, REMINDER_EVENT))) {
    if (!complete(await activity())) {
      const replyTo = lastReplyTo(record);
      const look = await deps.look(record.client);
      const sender = reminderSender(deps, record, look);
      if (!sender) {
        report.outcomes.push({ linkId: record.linkId, client: record.client, event: REMINDER_EVENT, status: "skipped", detail: `no sender name to write it under: ${SENDER_NAME_HINT}` });
      } else {
        await sendClaimed(deps, report, record, REMINDER_EVENT, recipients, () =>
          reminderMail({ record, sender, look, fromAddress: deps.mail.from, to: recipients, ...(replyTo ? { replyTo } : {}), now }),
        );
      }
    }
  }

  const [firstClaimed, allClaimed] = await Promise.all([deps.claims.exists(record.linkId, "first-download"), deps.claims.exists(record.linkId, "all-files")]);
  if (firstClaimed && allClaimed) return;
  const seen = await activity();
  if (seen === null || (seen.downloads === 0 && seen.firstDownloadAt === null)) return;
  const settings = await deps.settings.get(record.issuedBy);
  if (settings?.notifications === false) return; // turned off by the issuer: nothing sent, nothing claimed
  const to = addressOf(record.issuedBy, settings) ?? lastReplyTo(record)?.address;
  if (!to) return; // nobody to tell (a command-line issuer without an address)
  const portalLinkUrl = deps.portalUrl ? `${deps.portalUrl}/links/${encodeURIComponent(record.linkId)}/issued?client=${encodeURIComponent(record.client)}` : undefined;
  const notify = (event: NotificationEvent) =>
    sendClaimed(deps, report, record, event, [to], () =>
      notificationMail({ record, event, summary: seen, from: from(deps), to, ...(portalLinkUrl ? { portalLinkUrl } : {}) }),
    );
  if (complete(seen)) {
    if (!allClaimed) await notify("all-files");
    // Everything was seen at once: the "first download" message would only repeat it.
    if (!firstClaimed && (await deps.claims.claim(record.linkId, "first-download", "skipped", "all files were seen in the same run"))) {
      report.outcomes.push({ linkId: record.linkId, client: record.client, event: "first-download", status: "skipped", detail: "covered by the all-files message" });
    }
  } else if (!firstClaimed) await notify("first-download");
}

/** Claims the event, sends, and settles the claim; a send that surely did not go out gives the claim back. */
async function sendClaimed(deps: RemindDeps, report: RemindReport, record: LinkRecord, event: RemindEvent, to: string[], compose: () => OutgoingMail): Promise<void> {
  if (!(await deps.claims.claim(record.linkId, event))) {
    report.alreadyClaimed += 1;
    return;
  }
  const base = { linkId: record.linkId, client: record.client, event, to };
  try {
    const sent = await deps.mailer.send(compose());
    await deps.claims.settle(record.linkId, event, { status: "sent", to, detail: sent.via });
    report.outcomes.push({ ...base, status: "sent", detail: sent.via });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof MailSendError && error.notSent) {
      await deps.claims.release(record.linkId, event);
      report.outcomes.push({ ...base, status: "failed", detail: `${message} (not sent; the next run tries again)` });
    } else {
      await deps.claims.settle(record.linkId, event, { status: "failed", to, detail: message }).catch(() => undefined);
      report.outcomes.push({ ...base, status: "failed", detail: `${message} (it may have gone out, so it is not sent again)` });
    }
  }
}

/** Everyone the link was sent to, in the order first sent. */
function sentTo(record: LinkRecord): string[] {
  return [...new Set((record.deliveries ?? []).filter((d) => d.status === "sent").flatMap((d) => d.to))];
}

function lastReplyTo(record: LinkRecord): MailParty | undefined {
  const address = (record.deliveries ?? []).filter((d) => d.status === "sent" && d.replyTo).at(-1)?.replyTo;
  return address ? { address } : undefined;
}

/** The name the link was last sent under, else the sender name set for everyone, else the organisation; never a login. */
function reminderSender(deps: RemindDeps, record: LinkRecord, look: ClientLook): Sender | undefined {
  const sent = (record.deliveries ?? []).filter((d) => d.status === "sent" && d.sender).at(-1)?.sender;
  const person = sent ?? deps.mail.senderName ?? look.brand.name;
  return person ? { person, ...(look.brand.name ? { organisation: look.brand.name } : {}) } : undefined;
}

/** Notifications go to our own people: from the product, under the sender name set for everyone when there is one. */
function from(deps: RemindDeps): MailParty {
  return { name: deps.mail.senderName ?? "signed-share", address: deps.mail.from };
}
