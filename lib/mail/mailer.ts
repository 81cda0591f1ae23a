import type { Transporter } from "nodemailer";
import { ShareError } from "../errors.js";
import type { MailBody } from "./mail-body.js";

/** Someone in a From or Reply-To header. */
export interface MailParty {
  name?: string;
  address: string;
}

/** What the product sends: always both parts, never an attachment but the brand's logo (inline), never more than one link. */
export interface OutgoingMail extends MailBody {
  from: MailParty;
  to: string[];
  replyTo?: MailParty;
  subject: string;
  /** Reminders and notifications are sent by a program, not a person (RFC 3834 Auto-Submitted). */
  automatic?: boolean;
  /** For logs and the outbox: what the message is about. */
  kind: "link" | "reminder" | "notification" | "alert";
  /** The link the message is about; alerts (an infected file) are about no link. */
  linkId?: string;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** Where it went: "smtp://mail.example.com:587", "Amazon SES", "outbox portal/outbox/....eml". */
  via: string;
}

/** The port every transport implements; compose one per process and inject it. */
export interface Mailer {
  readonly kind: "smtp" | "ses" | "outbox" | "off";
  /** For messages and the portal: where mail goes. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/** Mail could not be sent; `notSent` is true when the transport is sure nothing went out (safe to try again). */
export class MailSendError extends ShareError {
  override readonly name = "MailSendError";
  constructor(
    message: string,
    readonly notSent: boolean,
    options: { cause?: unknown } = {},
  ) {
    super("unavailable", message, options);
  }
}

/** Nodemailer's message options for one mail: no file or URL access, whatever the content. */
export function nodemailerMessage(mail: OutgoingMail) {
  return {
    from: { name: mail.from.name ?? "", address: mail.from.address },
    to: mail.to,
    ...(mail.replyTo ? { replyTo: { name: mail.replyTo.name ?? "", address: mail.replyTo.address } } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: {
      ...(mail.automatic ? { "Auto-Submitted": "auto-generated" } : {}),
      ...(mail.linkId ? { "X-Signed-Share-Link": mail.linkId } : {}),
    },
    ...(mail.inlineImages?.length
      ? { attachments: mail.inlineImages.map((image) => ({ cid: image.cid, contentType: image.contentType, content: image.content, contentDisposition: "inline" as const, filename: false as const })) }
      : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Stages of an SMTP exchange before the message body is handed over: a failure there sent nothing. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/i;
const NOT_SENT_CODES = new Set(["ECONNECTION", "EAUTH", "ENOAUTH", "ETLS", "EDNS", "EENVELOPE", "ECONFIG"]);

/** Sends through a nodemailer transporter (SMTP or SES), with errors that say what went wrong. */
export class NodemailerMailer implements Mailer {
  constructor(
    readonly kind: "smtp" | "ses",
    readonly description: string,
    private readonly transporter: Transporter,
  ) {}

  async send(mail: OutgoingMail): Promise<SentMail> {
    try {
      const info = (await this.transporter.sendMail(nodemailerMessage(mail))) as { messageId: string; accepted?: unknown[]; rejected?: unknown[] };
      return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected), via: this.description };
    } catch (error) {
      throw this.explain(error);
    }
  }

  close(): void {
    this.transporter.close();
  }

  private explain(error: unknown): MailSendError {
    const e = error as { code?: string; command?: string; response?: string; responseCode?: number; message?: string; $metadata?: { httpStatusCode?: number }; name?: string };
    const status = e.$metadata?.httpStatusCode;
    const notSent =
      this.kind === "ses" ? status !== undefined && status >= 400 && status < 500 : NOT_SENT_CODES.has(e.code ?? "") || BEFORE_DATA.test(e.command ?? "CONN");
    const text = `${e.code ?? ""} ${e.message ?? ""}`;
    const advice =
      e.code === "EAUTH"
        ? "check the user and password in SMTP_URL"
        : e.code === "ETLS" || /certificate/i.test(text)
          ? "check the server's TLS certificate (SMTP_TLS_CA names extra CAs to trust)"
          : e.code === "ECONNECTION" || e.code === "EDNS" || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(text)
            ? "check the host and port in SMTP_URL and that the server is reachable"
            : this.kind === "ses" && (e.name === "AccessDeniedException" || status === 403)
              ? "the portal's role needs ses:SendEmail and ses:SendRawEmail on the sender identity (the stack's portal policy grants them)"
              : this.kind === "ses" && /not verified|MessageRejected/i.test(`${e.name} ${e.message}`)
                ? "verify the sender identity (SHARE_MAIL_FROM) in SES, and while the account is in the SES sandbox, the recipients too"
                : "";
    const detail = (e.response ?? e.message ?? String(error)).replace(/[.\s]+$/, "");
    return new MailSendError(`${this.description} refused the message: ${detail}${advice ? `; ${advice}` : ""}`, notSent, { cause: error });
  }
}

function addresses(list: unknown[] | undefined): string[] {
  return (list ?? []).map((entry) => (typeof entry === "string" ? entry : ((entry as { address?: string }).address ?? String(entry))));
}

/** No transport: every send fails with the reason, and nothing is claimed to be sent. */
export class DisabledMailer implements Mailer {
  readonly kind = "off";
  constructor(readonly description: string) {}
  async send(): Promise<SentMail> {
    throw new MailSendError(`e-mail is off: ${this.description}`, true);
  }
  close(): void {}
}
