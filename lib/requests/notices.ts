import type { Clock } from "../clock.js";
import type { MailConfig } from "../config.js";
import { addressOf, type MailSettingsStore } from "../delivery/mail-settings.js";
import { headerText } from "../mail/address.js";
import { findLinkLike } from "../mail/link-like.js";
import { mailBody } from "../mail/mail-body.js";
import type { Mailer, OutgoingMail } from "../mail/mailer.js";
import { formatBytes, formatUtc } from "../format.js";
import { DEFAULT_LANGUAGE } from "../i18n/catalog.js";
import { translator, type Translator } from "../i18n/translator.js";
import type { ClientLook } from "../delivery/messages.js";
import { senderLine } from "../delivery/sender.js";
import { textOn } from "../brand/brand.js";
import type { ObjectStore } from "../storage/object-store.js";
import { requestPrefix } from "./layout.js";
import type { ReceivedFile } from "./ledger.js";
import type { BatchNotices, FinishedBatch } from "./request-uploads.js";

/** Receipts one request sends at most: the address is the client's to type, so the page cannot be made a mail cannon. */
export const RECEIPTS_PER_REQUEST = 10;

export interface RequestNoticesDeps {
  mailer: Mailer;
  mail: MailConfig;
  settings: MailSettingsStore;
  store: ObjectStore;
  clock: Clock;
  /** The portal's address, for a link to the request's page in the operator's message. */
  portalUrl?: string;
  /** Who asks (PORTAL_SENDER_NAME), for the client's receipt when the request does not name one. */
  senderName?: string;
  /** The brand and the client's language, for the client's receipt (lib/delivery/client-look.ts). */
  look?: (client: string) => Promise<ClientLook>;
  log?: (fields: Record<string, string | number | boolean>) => void;
}

/**
 * A file name as a message may show it: a name that a mail program would turn into a link
 * ("invoice.example.com.pdf") gets its dots bracketed, so no received name becomes a link.
 */
export function mailSafeName(name: string): string {
  return findLinkLike(name) ? name.replace(/\./g, "[.]").replace(/@/g, "[at]").replace(/:/g, "[:]") : name;
}

function fileLines(files: readonly ReceivedFile[], bytes: (n: number) => string = formatBytes): string {
  return files.map((f) => `- ${mailSafeName(f.path)} (${bytes(f.size)})${f.sha256 ? `\n  SHA-256 ${f.sha256}` : ""}`).join("\n");
}

const plural = (n: number) => `${n} ${n === 1 ? "file" : "files"}`;

/**
 * The messages a finished batch sends (docs/requests.md#being-told): one to the request's creator (when
 * the creator has an address and has not turned notifications off), and the client's receipt to the
 * address typed on the page. A failure is logged and reported, never thrown: the files are in.
 */
export class RequestNotices implements BatchNotices {
  constructor(private readonly deps: RequestNoticesDeps) {}

  async batchFinished(batch: FinishedBatch): Promise<{ receipt?: { to: string; sent: boolean; error?: string } }> {
    await this.tellCreator(batch).catch((error: Error) => this.deps.log?.({ event: "request-notice-failed", requestId: batch.record.linkId, error: error.message }));
    if (!batch.receiptTo) return {};
    return { receipt: await this.sendReceipt(batch, batch.receiptTo) };
  }

  private async tellCreator(batch: FinishedBatch): Promise<void> {
    const { record, files } = batch;
    const settings = await this.deps.settings.get(record.issuedBy);
    if (settings?.notifications === false) return;
    const to = addressOf(record.issuedBy, settings);
    if (!to || this.deps.mailer.kind === "off") {
      this.deps.log?.({ event: "request-notice-skipped", requestId: record.linkId, reason: to ? "e-mail is off" : `${record.issuedBy} has no e-mail address` });
      return;
    }
    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    const waiting = files.filter((f) => f.state !== "accepted").length;
    const headline = `${record.client} sent ${plural(files.length)} (${formatBytes(bytes)})`;
    const portalLink = this.deps.portalUrl ? `${this.deps.portalUrl.replace(/\/+$/, "")}/requests/${record.linkId}` : undefined;
    const mail: OutgoingMail = {
      kind: "notification",
      automatic: true,
      linkId: record.linkId,
      from: { name: this.deps.mail.senderName ?? "signed-share", address: this.deps.mail.from },
      to: [to],
      subject: headerText(`${headline} through your file request`, "subject", 250),
      ...mailBody({
        before: `${headline} through the file request you created on ${formatUtc(new Date(record.issuedAt))} (it works until ${formatUtc(new Date(record.expiresAt))}):\n\n${fileLines(files)}${
          waiting > 0 ? `\n\n${plural(waiting)} wait for the malware scan before they appear under received/.` : ""
        }\n\nThey are in the client's folder under received/${record.linkId}/ and are shared with nobody until you issue a link that names them.`,
        ...(portalLink ? { link: { url: portalLink, label: "See the request in the portal" } } : {}),
        footer: "You get one message each time the client finishes sending. Turn these messages off on the portal's E-mail settings page.",
      }),
    };
    await this.deps.mailer.send(mail);
  }

  private async sendReceipt(batch: FinishedBatch, to: string): Promise<{ to: string; sent: boolean; error?: string }> {
    const { record, files } = batch;
    if (this.deps.mailer.kind === "off") return { to, sent: false, error: "e-mail is not set up here" };
    let slot = 0;
    for (let n = 1; n <= RECEIPTS_PER_REQUEST && slot === 0; n += 1) {
      if (await this.deps.store.create(`${requestPrefix(record.linkId)}receipts/${n}.json`, JSON.stringify({ to, at: this.deps.clock().toISOString() }))) slot = n;
    }
    if (slot === 0) return { to, sent: false, error: `this request has sent its ${RECEIPTS_PER_REQUEST} receipts already` };
    // In the client's language, with the brand, naming whom the page named (never a login).
    const look = this.deps.look ? await this.deps.look(record.client) : undefined;
    const t: Translator = translator(look?.audience ?? { language: DEFAULT_LANGUAGE });
    const person = record.request?.sender ?? this.deps.senderName ?? this.deps.mail.senderName;
    const organisation = look?.brand.name;
    const sender = person ? senderLine(t, { person, ...(organisation ? { organisation } : {}) }) : (organisation ?? t.t("refusal.contact.default"));
    const brand = look?.brand ?? {};
    const mail: OutgoingMail = {
      kind: "notification",
      automatic: true,
      linkId: record.linkId,
      from: { name: headerText(person || organisation ? sender : (this.deps.mail.senderName ?? "signed-share"), "sender name", 200), address: this.deps.mail.from },
      to: [to],
      subject: headerText(t.t("mail.receipt.subject", { count: files.length, sender }), "subject", 250),
      ...mailBody({
        before: t.t("mail.receipt.body", { at: t.when(this.deps.clock()), files: fileLines(files, t.bytes) }),
        footer: [t.t("mail.receipt.footer", { sender }), ...(brand.contact ? [t.t("mail.footer.contact", { contact: brand.contact })] : [])].join(" "),
        look: {
          language: t.language,
          ...(brand.name ? { organisation: brand.name } : {}),
          ...(brand.logo ? { logo: brand.logo } : {}),
          ...(brand.color ? { accent: { color: brand.color, text: textOn(brand.color) } } : {}),
        },
      }),
    };
    try {
      await this.deps.mailer.send(mail);
      return { to, sent: true };
    } catch (error) {
      return { to, sent: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
