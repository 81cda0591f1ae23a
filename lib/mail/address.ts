import { z } from "zod";
import { unsafeCharacter } from "../names/name-characters.js";
import { InvalidRequestError } from "../errors.js";

/** Recipients of one message; more is a mailing list, which this is not. */
export const MAX_RECIPIENTS = 50;
/** RFC 5321's limit on a forward path. */
const MAX_ADDRESS_LENGTH = 254;
/** Longer input is refused before it is split, whatever it holds. */
const MAX_RECIPIENT_TEXT = 20_000;

const email = z.email();

/** The code point of the first character the name rule refuses (CR and LF among them), e.g. "U+000D"; undefined when none. */
function unsafeCodePoint(text: string): string | undefined {
  return unsafeCharacter(text)?.codePoint;
}

/**
 * One bare e-mail address, checked and lower-cased: ASCII only (an international domain is written
 * in its xn-- form), no display name, no control or invisible character. Throws InvalidRequestError
 * naming `what` and the problem.
 */
export function parseAddress(text: string, what = "address"): string {
  const address = text.trim();
  const shown = JSON.stringify(address.length > 80 ? `${address.slice(0, 80)}...` : address);
  const refuse = (why: string) => {
    throw new InvalidRequestError(`${what} ${shown} ${why}`);
  };
  if (address === "") refuse("is empty");
  const unsafe = unsafeCodePoint(address);
  if (unsafe) refuse(`contains a control or invisible character (${unsafe}): type the address again`);
  if (/[<>]/.test(address)) refuse("has a display name or angle brackets: give the bare address, like client@example.com");
  if (address.length > MAX_ADDRESS_LENGTH) refuse(`is longer than ${MAX_ADDRESS_LENGTH} characters`);
  if (/[^\x20-\x7e]/.test(address)) refuse("has characters outside ASCII: write an international domain in its xn-- form");
  if (!email.safeParse(address).success) refuse("is not an e-mail address like client@example.com");
  return address.toLowerCase();
}

/**
 * The recipients of one message from typed text ("a@x.com, b@y.com" or one per line) or a list:
 * each address checked, duplicates dropped, at most MAX_RECIPIENTS. A list that is too long is
 * refused before any address in it is looked at.
 */
export function parseRecipients(input: string | readonly string[], what = "recipients"): string[] {
  const texts = typeof input === "string" ? [input] : input;
  if (texts.reduce((length, text) => length + text.length, 0) > MAX_RECIPIENT_TEXT) {
    throw new InvalidRequestError(`${what}: the list is longer than ${MAX_RECIPIENT_TEXT} characters; one message goes to at most ${MAX_RECIPIENTS} addresses`);
  }
  const entries = texts.flatMap((text) => text.split(/[,;\s]+/)).filter((entry) => entry !== "");
  if (entries.length === 0) throw new InvalidRequestError(`${what}: give at least one e-mail address`);
  if (entries.length > MAX_RECIPIENTS) {
    throw new InvalidRequestError(`${what}: ${entries.length} addresses given, one message goes to at most ${MAX_RECIPIENTS}; send it to a distribution list instead`);
  }
  return [...new Set(entries.map((entry) => parseAddress(entry, what === "recipients" ? "recipient" : what)))];
}

/**
 * Text that goes into a header as a display name or subject: one line, no control, invisible or
 * bidirectional character, at most `max` characters. Unicode is fine (it is encoded on the way out).
 */
export function headerText(text: string, what: string, max = 200): string {
  const value = text.trim();
  const unsafe = unsafeCodePoint(value);
  if (unsafe) throw new InvalidRequestError(`${what} contains a control, invisible or bidirectional character (${unsafe}); it cannot go into a mail header`);
  if (value.length > max) throw new InvalidRequestError(`${what} is longer than ${max} characters`);
  return value;
}

/** True when the text is safe as header text (see headerText). */
export function isHeaderSafe(text: string): boolean {
  return unsafeCodePoint(text) === undefined;
}
