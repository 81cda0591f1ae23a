import { formatBytes, formatUtc } from "../format.js";
import type { LinkRecord } from "../links/link-record.js";
import { headerText } from "../mail/address.js";
import { mailBody, type BodyLook } from "../mail/mail-body.js";
import type { MailParty, OutgoingMail } from "../mail/mailer.js";
import type { LinkActivitySummary } from "../activity/link-summary.js";
import { textOn, type Brand } from "../brand/brand.js";
import { translator, type Audience, type Translator } from "../i18n/translator.js";
import { senderLine, type Sender } from "./sender.js";

const DAY_MS = 86_400_000;

/** What a client sees of us: the brand, in their language and time zone (docs/languages.md). */
export interface ClientLook {
  brand: Brand;
  audience: Audience;
}

function bodyLook(t: Translator, brand: Brand): BodyLook {
  return {
    language: t.language,
    ...(brand.name ? { organisation: brand.name } : {}),
    ...(brand.logo ? { logo: brand.logo } : {}),
    ...(brand.color ? { accent: { color: brand.color, text: textOn(brand.color) } } : {}),
  };
}

function footer(t: Translator, brand: Brand, lines: string[]): string {
  return [...lines, ...(brand.contact ? [t.t("mail.footer.contact", { contact: brand.contact })] : [])].join(" ");
}

/** The words the portal proposes above the link, in the client's language; the operator may change them. */
export function defaultNote(record: LinkRecord, sender: Sender, look: ClientLook): string {
  if (record.mode === "request") return defaultRequestNote(sender, look);
  const t = translator(look.audience);
  return t.t("mail.link.note", { sender: senderLine(t, sender), person: sender.person, files: t.files(record.fileCount, record.bytes) });
}

/** When the link works and what it opens, in the audience's words. */
function linkTerms(t: Translator, record: LinkRecord): string {
  return [
    t.t("mail.link.until", { until: t.when(new Date(record.expiresAt)) }),
    ...(record.notBefore ? [t.t("mail.link.start", { start: t.when(new Date(record.notBefore)) })] : []),
    t.t("mail.link.opens"),
  ].join(" ");
}

/** The ready-to-paste message for the client (the portal's issued-link page), in their language. */
export function pasteMessage(record: LinkRecord, sender: Sender, look: ClientLook): string {
  const t = translator(look.audience);
  return t.t("mail.paste", { sender: senderLine(t, sender), person: sender.person, files: t.files(record.fileCount, record.bytes), url: record.url, terms: linkTerms(t, record) });
}

export interface LinkMailInput {
  record: LinkRecord;
  /** The operator's words (already checked with validateNote). */
  note: string;
  /** Who the files are from: in the From name, the subject and the footer. */
  sender: Sender;
  look: ClientLook;
  fromAddress: string;
  to: string[];
  replyTo?: MailParty;
}

/**
 * The message that carries a link to its recipients, in their language, with the brand: a share's
 * link opens the client's page, a file request's a page where the recipient sends files.
 */
export function linkMail(input: LinkMailInput): OutgoingMail {
  const { record, sender, look } = input;
  const t = translator(look.audience);
  const from = senderLine(t, sender);
  const words =
    record.mode === "request"
      ? { subject: "mail.request.subject" as const, button: "mail.request.button" as const, after: t.t("mail.request.after", { until: t.when(new Date(record.expiresAt)) }) }
      : { subject: "mail.link.subject" as const, button: "mail.link.button" as const, after: linkTerms(t, record) };
  const subject = t.t(words.subject, { sender: from });
  return {
    kind: "link",
    linkId: record.linkId,
    from: { name: headerText(from, "sender name", 200), address: input.fromAddress },
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: headerText(subject, "subject", 250),
    ...mailBody({
      title: subject,
      before: input.note,
      link: { url: record.url, label: t.t(words.button) },
      after: words.after,
      footer: footer(t, look.brand, [t.t("mail.footer.sentBy", { sender: from }), ...(input.replyTo ? [t.t("mail.footer.reply", { person: sender.person })] : [])]),
      look: bodyLook(t, look.brand),
    }),
  };
}

/** The words the portal proposes above a file request's link, in the client's language. */
function defaultRequestNote(sender: Sender, look: ClientLook): string {
  const t = translator(look.audience);
  return t.t("mail.request.note", { sender: senderLine(t, sender), person: sender.person });
}

/** How long until `expiresAt`, to the nearest day (hours when under half a day), in the audience's words. */
export function timeLeft(t: Translator, expiresAt: Date, now: Date): string {
  const ms = Math.max(0, expiresAt.getTime() - now.getTime());
  if (ms >= DAY_MS / 2) return t.t("mail.reminder.left", { unit: "day", count: Math.round(ms / DAY_MS) });
  return t.t("mail.reminder.left", { unit: "hour", count: Math.max(1, Math.ceil(ms / 3_600_000)) });
}

/** "Your link expires in N days", to the recipients of an e-mailed link, in their language, with the brand. */
export function reminderMail(input: { record: LinkRecord; sender: Sender; look: ClientLook; fromAddress: string; to: string[]; replyTo?: MailParty; now: Date }): OutgoingMail {
  const { record, sender, look, now } = input;
  const t = translator(look.audience);
  const from = senderLine(t, sender);
  const left = timeLeft(t, new Date(record.expiresAt), now);
  return {
    kind: "reminder",
    automatic: true,
    linkId: record.linkId,
    from: { name: headerText(from, "sender name", 200), address: input.fromAddress },
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: headerText(t.t("mail.reminder.subject", { sender: from, left }), "subject", 250),
    ...mailBody({
      title: t.t("mail.reminder.subject", { sender: from, left }),
      before: t.t("mail.reminder.body", { sender: from, files: t.files(record.fileCount, record.bytes), left, until: t.when(new Date(record.expiresAt)) }),
      link: { url: record.url, label: t.t("mail.link.button") },
      after: t.t("mail.reminder.after", { person: sender.person }),
      footer: footer(t, look.brand, [t.t("mail.footer.sentFor", { sender: from }), ...(input.replyTo ? [t.t("mail.footer.reply", { person: sender.person })] : [])]),
      look: bodyLook(t, look.brand),
    }),
  };
}

function filesText(record: LinkRecord): string {
  return `${record.fileCount} ${record.fileCount === 1 ? "file" : "files"}, ${formatBytes(record.bytes)}`;
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
