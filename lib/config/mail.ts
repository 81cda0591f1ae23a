// E-mail delivery (docs/delivery.md): the transport, the sender, the hourly limit, reminders.
import { z } from "zod";
import { parseDuration } from "../duration.js";
import { parseAddress } from "../mail/address.js";
import { findLinkLike, fromDomain, ownDomain } from "../mail/link-like.js";
import { commaList, filePath, got, parseUrl, secret, type Problem, type SettingsOf } from "./shared.js";
import type { storageSettings } from "./storage.js";
import type { portalSettings } from "./portal.js";

export const mailSettings = {
  SHARE_MAIL: z.enum(["smtp", "ses", "outbox", "off"], { error: (issue) => `must be smtp, ses, outbox or off${got(issue.input)}` }).optional(),
  SMTP_URL: secret(
    "must be smtp://[user:password@]host[:port] (STARTTLS) or smtps://[user:password@]host[:port] (TLS from the start), without a path",
    (text) => smtpUrl(text) !== undefined,
  ).optional(),
  SMTP_TLS_CA: secret(
    "must be file://PATH to a PEM file of the CA certificates the SMTP server's certificate chains to",
    (text) => text.startsWith("file://") && text.length > "file://".length,
  ).optional(),
  SHARE_MAIL_FROM: z
    .string()
    .refine((text) => isAddress(text), { error: (issue) => `must be one e-mail address like shares@example.com, the sender of every message${got(issue.input)}` })
    .transform((text) => text.trim().toLowerCase())
    .optional(),
  SHARE_MAIL_OWN_DOMAINS: commaList
    .refine((domains) => domains.every((d) => ownDomain(d) !== undefined), {
      error: (issue) => `must be a comma-separated list of your organisation's own domains like example.com,example.org (web and e-mail addresses on them may appear in messages)${got(issue.input)}`,
    })
    .transform((domains) => domains.map((d) => ownDomain(d)!))
    .optional(),
  SHARE_MAIL_PER_HOUR: z
    .string()
    .regex(/^\d{1,6}$/, { error: (issue) => `must be a whole number of recipients per portal user and hour, like 100${got(issue.input)}` })
    .transform(Number)
    .default(100),
  SHARE_REMIND_BEFORE: z.string().default("2d"),
};

type MailSettings = SettingsOf<typeof mailSettings & typeof storageSettings & Pick<typeof portalSettings, "PORTAL_SENDER_NAME">>;

/** How e-mail leaves (docs/delivery.md): an SMTP server, the SES API, local mode's outbox, or not at all. */
export type MailTransportConfig =
  | { kind: "smtp"; host: string; port: number; secure: boolean; user?: string; password?: string; caPath?: string }
  | { kind: "ses"; region?: string }
  | { kind: "outbox" }
  | { kind: "off"; reason: string };

export interface MailConfig {
  transport: MailTransportConfig;
  /** The From address (SHARE_MAIL_FROM); the outbox uses a placeholder when unset. */
  from: string;
  /** The From name (PORTAL_SENDER_NAME). */
  senderName?: string;
  /**
   * Domains whose web and e-mail addresses a message may hold (SHARE_MAIL_OWN_DOMAINS; default: the
   * From address's domain): the message rule of lib/mail/link-like.ts refuses every other.
   */
  ownDomains: string[];
  /** Recipients one portal user may send to per hour. */
  perUserPerHour: number;
  /** Reminders go out when a link expires within this many milliseconds. */
  remindBeforeMs: number;
}

/** The placeholder sender of local mode's outbox when SHARE_MAIL_FROM is unset. */
export const OUTBOX_FROM = "signed-share@localhost";

export function checkMailSettings(s: MailSettings, problem: Problem): void {
  try {
    parseDuration(s.SHARE_REMIND_BEFORE);
  } catch {
    problem("SHARE_REMIND_BEFORE", `must be a positive duration like 2d or 36h: how long before expiry reminders go out${got(s.SHARE_REMIND_BEFORE)}`);
  }
  const senderLink = s.PORTAL_SENDER_NAME ? findLinkLike(s.PORTAL_SENDER_NAME, s.SHARE_MAIL_OWN_DOMAINS ?? fromDomain(s.SHARE_MAIL_FROM ?? "")) : undefined;
  if (senderLink) {
    problem("PORTAL_SENDER_NAME", `holds ${senderLink.kind} ("${senderLink.text}"), which mail programs turn into a link in every message: write the name without it, or list its domain in SHARE_MAIL_OWN_DOMAINS`);
  }
  const mail = s.SHARE_MAIL;
  if (mail === "smtp" && !s.SMTP_URL) problem("SMTP_URL", "is required when SHARE_MAIL is smtp");
  if (mail === "ses" && !s.SHARE_BUCKET) problem("SHARE_MAIL", "can be ses only with SHARE_BUCKET (Amazon SES is reached with the stack's AWS credentials and region)");
  if ((mail === "smtp" || mail === "ses" || (mail === undefined && s.SMTP_URL)) && !s.SHARE_MAIL_FROM) {
    problem("SHARE_MAIL_FROM", "is required to send e-mail: the sender address (for SES a verified identity, the stack output mailSender)");
  }
}

export function mailConfig(s: MailSettings, cwd: string): MailConfig {
  const kind = s.SHARE_MAIL ?? (s.SMTP_URL ? "smtp" : s.SHARE_BUCKET ? (s.SHARE_MAIL_FROM ? "ses" : "off") : "outbox");
  let transport: MailTransportConfig;
  if (kind === "smtp" && s.SMTP_URL) {
    const url = smtpUrl(s.SMTP_URL)!;
    transport = {
      kind: "smtp",
      host: url.hostname.replace(/^\[|\]$/g, ""),
      secure: url.protocol === "smtps:",
      port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(s.SMTP_TLS_CA ? { caPath: filePath(s.SMTP_TLS_CA, cwd) } : {}),
    };
  } else if (kind === "ses") transport = { kind: "ses", ...(s.AWS_REGION ? { region: s.AWS_REGION } : {}) };
  else if (kind === "outbox") transport = { kind: "outbox" };
  else transport = { kind: "off", reason: s.SHARE_MAIL === "off" ? "SHARE_MAIL is off" : "no mail transport is configured: set SMTP_URL (and SHARE_MAIL_FROM), or SHARE_MAIL_FROM for Amazon SES" };
  return {
    transport,
    from: s.SHARE_MAIL_FROM ?? OUTBOX_FROM,
    ...(s.PORTAL_SENDER_NAME ? { senderName: s.PORTAL_SENDER_NAME.trim() } : {}),
    ownDomains: s.SHARE_MAIL_OWN_DOMAINS ?? fromDomain(s.SHARE_MAIL_FROM ?? ""),
    perUserPerHour: s.SHARE_MAIL_PER_HOUR,
    remindBeforeMs: parseDuration(s.SHARE_REMIND_BEFORE),
  };
}

/** smtp:// or smtps:// with a host and nothing after the port. */
function smtpUrl(text: string): URL | undefined {
  const url = parseUrl(text);
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:")) return undefined;
  if (!url.hostname || (url.pathname !== "" && url.pathname !== "/") || url.search || url.hash) return undefined;
  return url;
}

/** Whether the text is one e-mail address (the rule of lib/mail/address.ts). */
export function isAddress(text: string): boolean {
  try {
    parseAddress(text);
    return true;
  } catch {
    return false;
  }
}
