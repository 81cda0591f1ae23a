import { domainToASCII } from "node:url";
import { parse } from "tldts";

/**
 * The message rule (docs/delivery.md#the-message): the words an operator writes above the link may
 * hold nothing that a common mail program (Outlook, Gmail, Apple Mail, Thunderbird) turns into a
 * link of its own, so the link to the files is the only link a message carries. Mail programs
 * linkify far more than `https://`:
 *
 * - any scheme followed by two slashes or backslashes (`http:\\evil.example`), and `mailto:`,
 *   `file:`, `javascript:` and the like;
 * - `www.` and anything after it, whatever the ending;
 * - bare host names that end in a public suffix (`evil.com`, `report.zip`, `readme.md`: `.zip` and
 *   `.md` are top-level domains), judged by the Public Suffix List (tldts), and dotted IPv4 addresses;
 * - e-mail addresses;
 * - UNC paths (`\\server\share`);
 * - all of these written with full-width or other compatibility forms (`ｗｗｗ．evil．com`,
 *   `evil。com`): the text is checked in Unicode compatibility form (NFKC), with every dot that
 *   host names accept (U+3002, U+FF0E, U+FF61) read as ".".
 *
 * Web and e-mail addresses on the organisation's own domains (SHARE_MAIL_OWN_DOMAINS), and their
 * sub-domains, are let through, so a normal e-mail signature goes out.
 */
export interface LinkLikeFinding {
  /** The piece of text, as checked (compatibility form), e.g. "evil.com". */
  text: string;
  /** What it is: "a web address", "an e-mail address", ... */
  kind: string;
}

/** Schemes mail programs link without "//". */
const BARE_SCHEMES = /(?<![\p{L}\p{N}+.-])(mailto|file|javascript|vbscript|data|tel|sms|callto|skype|ftp|news|smb|ms-[a-z-]+):(?!\/\/)\S*/giu;
const WITH_SLASHES = /(?<![\p{L}\p{N}+.-])([a-z][a-z0-9+.-]*):[/\\]{2}[^\s<>"'`]*/giu;
const UNC = /(?<![\p{L}\p{N}\\])\\\\[^\s\\/]+/gu;
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
const EMAIL = new RegExp(`[\\p{L}\\p{N}._%+-]+@((?:${LABEL}\\.)+${LABEL})`, "gu");
const HOST = new RegExp(`(?<![\\p{L}\\p{N}@._%+-])((?:${LABEL}\\.)+${LABEL})(?![\\p{L}\\p{N}@-]|\\.${LABEL})`, "gu");
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** The text as mail programs may read it: compatibility forms folded, every ideographic or full-width dot a ".". */
export function compatibilityForm(text: string): string {
  return text.normalize("NFKC").replace(/[\u3002\uFF0E\uFF61]/g, ".");
}

/** Lower-case ASCII (xn--) form of a host, or undefined when it is no valid host name. */
function asciiHost(host: string): string | undefined {
  const ascii = domainToASCII(host.toLowerCase());
  return ascii === "" ? undefined : ascii;
}

/** Whether `host` is one of `ownDomains` or below one. */
export function isOwnHost(host: string, ownDomains: readonly string[]): boolean {
  const ascii = asciiHost(host);
  if (!ascii) return false;
  return ownDomains.some((domain) => ascii === domain || ascii.endsWith(`.${domain}`));
}

/** Whether a mail program would link a bare host name: `www.` anything, a dotted IPv4 address, or a name ending in a public suffix. */
function linksAsHost(host: string): boolean {
  if (/^www\./i.test(host) || IPV4.test(host)) return true;
  const parsed = parse(host.toLowerCase(), { allowPrivateDomains: true });
  return parsed.domain !== null && (parsed.isIcann === true || parsed.isPrivate === true);
}

/** The first piece of `text` that a mail program would turn into a link and that is not on an own domain; undefined when none. */
export function findLinkLike(text: string, ownDomains: readonly string[] = []): LinkLikeFinding | undefined {
  const folded = compatibilityForm(text);
  const found: (LinkLikeFinding & { at: number })[] = [];
  const add = (at: number, piece: string, kind: string) => found.push({ at, text: piece, kind });

  for (const match of folded.matchAll(WITH_SLASHES)) {
    const scheme = match[1]!.toLowerCase();
    let host: string | undefined;
    try {
      host = new URL(match[0].replace(/\\/g, "/")).hostname;
    } catch {
      host = undefined;
    }
    if ((scheme === "http" || scheme === "https") && host && isOwnHost(host, ownDomains)) continue;
    add(match.index, match[0], scheme === "http" || scheme === "https" ? "a web address" : `a ${scheme}: link`);
  }
  for (const match of folded.matchAll(BARE_SCHEMES)) {
    const address = /^mailto:([^?\s]+)/i.exec(match[0])?.[1];
    const domain = address?.split("@")[1];
    if (domain && isOwnHost(domain, ownDomains)) continue;
    add(match.index, match[0], `a ${match[1]!.toLowerCase()}: link`);
  }
  for (const match of folded.matchAll(UNC)) add(match.index, match[0], "a network path");
  for (const match of folded.matchAll(EMAIL)) {
    const domain = match[1]!;
    if (!linksAsHost(domain) || isOwnHost(domain, ownDomains)) continue;
    add(match.index, match[0], "an e-mail address");
  }
  for (const match of folded.matchAll(HOST)) {
    const host = match[1]!;
    if (!linksAsHost(host) || isOwnHost(host, ownDomains)) continue;
    add(match.index, host, "a web address");
  }
  found.sort((a, b) => a.at - b.at);
  const first = found[0];
  return first ? { text: first.text, kind: first.kind } : undefined;
}

/** A domain as SHARE_MAIL_OWN_DOMAINS takes it: lower-case ASCII (xn--), at least two labels; undefined when it is none. */
export function ownDomain(text: string): string | undefined {
  const ascii = asciiHost(text.trim().replace(/^\.+|\.+$/g, ""));
  return ascii && /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$/.test(ascii) ? ascii : undefined;
}

/** The domain of the From address, when it is a real one (the default own domain). */
export function fromDomain(from: string): string[] {
  const domain = ownDomain(from.split("@")[1] ?? "");
  return domain && parse(domain).isIcann ? [domain] : [];
}
