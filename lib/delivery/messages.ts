import { formatBytes, formatUtc } from "../format.js";
import type { LinkRecord } from "../links/link-record.js";
import { headerText } from "../mail/address.js";
import { mailBody } from "../mail/mail-body.js";
import type { MailParty, OutgoingMail } from "../mail/mailer.js";
import type { LinkActivitySummary } from "../activity/link-summary.js";

const DAY_MS = 86_400_000;

function filesText(record: LinkRecord): string {
  return `${record.fileCount} ${record.fileCount === 1 ? "file" : "files"}, ${formatBytes(record.bytes)}`;
}

/** The words the portal proposes above the link; the operator may change them. */
export function defaultNote(record: LinkRecord, sender: string): string {
  return ["Hello,", "", `here are your files from ${sender} (${filesText(record)}).`, "", "If you need them for longer, just ask us for a new link.", "", "Best regards,", sender].join("\n");
}

function expiryText(record: LinkRecord): string {
  const start = record.notBefore ? ` It starts working on ${formatUtc(new Date(record.notBefore))}.` : "";
  return `The link works until ${formatUtc(new Date(record.expiresAt))}.${start} It opens a page where you can download each file, or all of them at once.`;
}

export interface LinkMailInput {
  record: LinkRecord;
  /** The operator's words (already checked with validateNote). */
  note: string;
  /** Who the files are from, in the subject and the footer. */
  sender: string;
  from: MailParty;
  to: string[];
  replyTo?: MailParty;
}

/** The message that carries a link to its recipients. */
export function linkMail(input: LinkMailInput): OutgoingMail {
  const { record, sender } = input;
  return {
    kind: "link",
    linkId: record.linkId,
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: headerText(`Your files from ${sender}`, "subject", 250),
    ...mailBody({
      before: input.note,
      link: { url: record.url, label: "Open your files" },
      after: expiryText(record),
      footer: `Sent by ${sender}.${input.replyTo ? " Reply to this message to reach the person who sent it." : ""}`,
    }),
  };
}

/** "2 days", "1 day", "5 hours": how long until `expiresAt`, to the nearest day (hours when under half a day). */
export function timeLeft(expiresAt: Date, now: Date): string {
  const ms = Math.max(0, expiresAt.getTime() - now.getTime());
  if (ms >= DAY_MS / 2) {
    const days = Math.round(ms / DAY_MS);
    return `${days} ${days === 1 ? "day" : "days"}`;
  }
  const hours = Math.max(1, Math.ceil(ms / 3_600_000));
  return `${hours} ${hours === 1 ? "hour" : "hours"}`;
}

/** "Your link expires in N days", to the recipients of an e-mailed link. */
export function reminderMail(input: { record: LinkRecord; sender: string; from: MailParty; to: string[]; replyTo?: MailParty; now: Date }): OutgoingMail {
  const { record, sender, now } = input;
  const left = timeLeft(new Date(record.expiresAt), now);
  return {
    kind: "reminder",
    automatic: true,
    linkId: record.linkId,
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: headerText(`Reminder: your link to the files from ${sender} expires in ${left}`, "subject", 250),
    ...mailBody({
      before: `Hello,\n\nthe link to your files from ${sender} (${filesText(record)}) expires in ${left}, on ${formatUtc(new Date(record.expiresAt))}. If you still need the files, download them before then:`,
      link: { url: record.url, label: "Open your files" },
      after: "After that the link stops working; ask us for a new one if you need the files later.",
      footer: `Sent automatically for ${sender}. Reply to this message to reach the person who sent you the link.`,
    }),
  };
}

export type NotificationEvent = "first-download" | "all-files";

/** "acme-corp downloaded 3 of 4 files of link X", to the person who issued the link. */
export function notificationMail(input: {
  record: LinkRecord;
  event: NotificationEvent;
  summary: LinkActivitySummary;
  from: MailParty;
  to: string;
  /** The portal's page of the link, when the portal's URL is known. */
  portalLinkUrl?: string;
}): OutgoingMail {
  const { record, summary } = input;
  const complete = Math.min(summary.filesComplete.length, record.fileCount);
  const files = (n: number) => `${n} ${n === 1 ? "file" : "files"}`;
  const what = input.event === "all-files" ? `all ${files(record.fileCount)}` : `${complete} of ${files(record.fileCount)}`;
  const headline =
    input.event === "first-download" && complete === 0
      ? `${record.client} started downloading from link ${record.linkId} (no file complete yet, of ${files(record.fileCount)})`
      : `${record.client} downloaded ${what} of link ${record.linkId}`;
  const first = summary.firstDownloadAt ? `The first download was on ${formatUtc(new Date(summary.firstDownloadAt))}. ` : "";
  return {
    kind: "notification",
    automatic: true,
    linkId: record.linkId,
    from: input.from,
    to: [input.to],
    subject: headerText(headline, "subject", 300),
    ...mailBody({
      before: `${headline}: the link you issued on ${formatUtc(new Date(record.issuedAt))} (${filesText(record)}, works until ${formatUtc(new Date(record.expiresAt))}).\n\n${first}Downloads seen so far: ${summary.downloads}, as of ${formatUtc(new Date(summary.asOf))} (download logs arrive with a delay of up to a day).`,
      ...(input.portalLinkUrl ? { link: { url: input.portalLinkUrl, label: "See the link in the portal" } } : {}),
      footer: "You get this once when the first download is seen and once when every file has been downloaded. Turn these messages off on the portal's E-mail settings page.",
    }),
  };
}
