import { escapeHtml } from "../pages/html.js";
import { unsafeCharacter } from "../names/name-characters.js";
import { InvalidRequestError } from "../errors.js";
import { findLinkLike } from "./link-like.js";

/** The longest message an operator may write above the link. */
export const MAX_NOTE_LENGTH = 5_000;

/**
 * The operator's words above the link: plain text (HTML in it is shown as typed, never run), at
 * most MAX_NOTE_LENGTH characters, no character the name rule refuses but line breaks and tabs
 * (lib/names/name-characters.ts), and nothing a mail program would turn into a link of its own
 * (lib/mail/link-like.ts) except addresses on `ownDomains` (SHARE_MAIL_OWN_DOMAINS), so a message
 * carries only the one link.
 */
export function validateNote(note: string, ownDomains: readonly string[] = []): string {
  const text = note.replace(/\r\n?/g, "\n").trim();
  if (text.length > MAX_NOTE_LENGTH) throw new InvalidRequestError(`message: at most ${MAX_NOTE_LENGTH} characters (got ${text.length})`);
  const unsafe = unsafeCharacter(text, { lineBreaks: true });
  if (unsafe) throw new InvalidRequestError(`message: contains ${unsafe.kind} (${unsafe.codePoint}); type it again or paste it as plain text`);
  const link = findLinkLike(text, ownDomains);
  if (link) {
    const shown = link.text.length > 60 ? `${link.text.slice(0, 60)}...` : link.text;
    throw new InvalidRequestError(`message: contains a link of its own (${link.kind}, "${shown}"): ${messageRuleHint(ownDomains)}`);
  }
  return text;
}

/** What the form and the CLI say before sending, and a refusal after: the message rule in one sentence. */
export function messageRuleHint(ownDomains: readonly string[]): string {
  const own = ownDomains.length > 0 ? `addresses on ${ownDomains.join(", ")} may stay` : "to let your organisation's own addresses through, set SHARE_MAIL_OWN_DOMAINS";
  return `mail programs turn web and e-mail addresses into links even without https:// or www. ("example.org", "name@example.org"), and the link to the files is the only link a message may carry; ${own}`;
}

/** A message's text in both parts: plain text and a simple HTML part with no remote content. */
export interface MailBody {
  text: string;
  html: string;
  /** Images the HTML part shows by cid: (the brand's logo), sent inline with the message. */
  inlineImages?: InlineImage[];
}

export interface InlineImage {
  cid: string;
  contentType: string;
  content: Buffer;
}

/** What the message looks like: the brand's organisation name, logo and accent colour. */
export interface BodyLook {
  /** The language of the words (the html element's lang). */
  language?: string;
  organisation?: string;
  logo?: { contentType: string; data: string };
  /** #rrggbb for the button, with the text colour that reads on it. */
  accent?: { color: string; text: string };
}

export interface BodyParts {
  /** Paragraphs of plain text, before the link. */
  before: string;
  /** The one link of the message, with the words of its button. */
  link?: { url: string; label: string };
  /** Plain text after the link (its expiry, what it opens). */
  after?: string;
  /** Small print at the end. */
  footer?: string;
  look?: BodyLook;
}

const LOGO_CID = "brand-logo@signed-share";

/** Both parts from the same words; every piece of text is HTML-escaped in the HTML part. */
export function mailBody(parts: BodyParts): MailBody {
  const look = parts.look ?? {};
  const text = [
    ...(look.organisation ? [look.organisation] : []),
    parts.before,
    ...(parts.link ? [parts.link.url] : []),
    ...(parts.after ? [parts.after] : []),
    ...(parts.footer ? [`-- \n${parts.footer}`] : []),
  ].join("\n\n");
  const paragraphs = (block: string, style = "") =>
    block
      .split(/\n{2,}/)
      .map((p) => `<p${style}>${p.split("\n").map(escapeHtml).join("<br>")}</p>`)
      .join("\n");
  const accent = look.accent ?? { color: "#1d4ed8", text: "#ffffff" };
  const header =
    look.logo || look.organisation
      ? [
          `<p style="margin: 0 0 1.5em; font-weight: 600; font-size: 1.1em;">${look.logo ? `<img src="cid:${LOGO_CID}" alt="${escapeHtml(look.organisation ?? "")}" style="max-height: 48px; max-width: 240px; vertical-align: middle;">` : ""}${look.logo && look.organisation ? " " : ""}${look.organisation && !look.logo ? escapeHtml(look.organisation) : ""}</p>`,
        ]
      : [];
  const html = [
    "<!DOCTYPE html>",
    `<html${look.language ? ` lang="${escapeHtml(look.language)}"` : ""}><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a;">',
    ...header,
    paragraphs(parts.before),
    ...(parts.link
      ? [
          `<p><a href="${escapeHtml(parts.link.url)}" style="display: inline-block; padding: 0.5em 1em; background: ${accent.color}; color: ${accent.text}; text-decoration: none; border-radius: 4px;">${escapeHtml(parts.link.label)}</a></p>`,
          `<p style="font-size: 0.85em; color: #555555; word-break: break-all;">${escapeHtml(parts.link.url)}</p>`,
        ]
      : []),
    ...(parts.after ? [paragraphs(parts.after)] : []),
    ...(parts.footer ? [paragraphs(parts.footer, ' style="font-size: 0.85em; color: #555555;"')] : []),
    "</body></html>",
  ].join("\n");
  return {
    text: `${text}\n`,
    html: `${html}\n`,
    ...(look.logo ? { inlineImages: [{ cid: LOGO_CID, contentType: look.logo.contentType, content: Buffer.from(look.logo.data, "base64") }] } : {}),
  };
}
