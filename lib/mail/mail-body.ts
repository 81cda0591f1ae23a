import { escapeHtml } from "../pages/html.js";
import { InvalidRequestError } from "../errors.js";

/** The longest message an operator may write above the link. */
export const MAX_NOTE_LENGTH = 5_000;

/** What a mail client would turn into a link of its own: a scheme or a www. host. */
const LINK_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:|data:|javascript:)/i;
/** Control characters other than tab and line ends, and the characters that reorder or hide text. */
const UNSAFE_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;

/**
 * The operator's words above the link: plain text (HTML in it is shown as typed, never run), at
 * most MAX_NOTE_LENGTH characters, and no link of its own, so a message carries only the one link.
 */
export function validateNote(note: string): string {
  const text = note.replace(/\r\n?/g, "\n").trim();
  if (text.length > MAX_NOTE_LENGTH) throw new InvalidRequestError(`message: at most ${MAX_NOTE_LENGTH} characters (got ${text.length})`);
  if (UNSAFE_IN_BODY.test(text)) throw new InvalidRequestError("message: contains control or bidirectional characters; type it again or paste it as plain text");
  const link = LINK_LIKE.exec(text);
  if (link) {
    throw new InvalidRequestError(`message: contains a link of its own ("${link[0]}..."); the link to the files is added below the message and is the only link a message may carry`);
  }
  return text;
}

/** A message's text in both parts: plain text and a simple HTML part with no remote content. */
export interface MailBody {
  text: string;
  html: string;
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
}

/** Both parts from the same words; every piece of text is HTML-escaped in the HTML part. */
export function mailBody(parts: BodyParts): MailBody {
  const text = [
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
  const html = [
    "<!DOCTYPE html>",
    '<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"></head>',
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a;">',
    paragraphs(parts.before),
    ...(parts.link
      ? [
          `<p><a href="${escapeHtml(parts.link.url)}" style="display: inline-block; padding: 0.5em 1em; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px;">${escapeHtml(parts.link.label)}</a></p>`,
          `<p style="font-size: 0.85em; color: #555555; word-break: break-all;">${escapeHtml(parts.link.url)}</p>`,
        ]
      : []),
    ...(parts.after ? [paragraphs(parts.after)] : []),
    ...(parts.footer ? [paragraphs(parts.footer, ' style="font-size: 0.85em; color: #555555;"')] : []),
    "</body></html>",
  ].join("\n");
  return { text: `${text}\n`, html: `${html}\n` };
}
