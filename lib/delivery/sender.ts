// Who a client is told the files are from (docs/delivery.md#who-sent-it): the organisation (the brand's
// name) and a person's display name, never a login name or the shell user.
import type { Brand } from "../brand/brand.js";
import { InvalidRequestError } from "../errors.js";
import { nameCharacterProblem } from "../names/name-characters.js";
import type { Translator } from "../i18n/translator.js";

export const MAX_SENDER_NAME = 100;

export interface Sender {
  /** The person's display name ("Jane Doe"), or the sender name set for everyone (PORTAL_SENDER_NAME). */
  person: string;
  /** The brand's organisation name, when set. */
  organisation?: string;
}

/** What to set, said wherever sending needs a sender name and none is set. */
export const SENDER_NAME_HINT =
  "set your name as clients see it on the portal's E-mail page, or give it with --sender-name (API: senderName), or set PORTAL_SENDER_NAME for everyone";

/** No display name anywhere: the message would have to name a login. */
export class SenderNameMissingError extends InvalidRequestError {
  constructor(readonly who: string) {
    super(`senderName: the message must say who sends it, and ${who} has no name set: ${SENDER_NAME_HINT}`);
  }
}

/** A display name as typed: trimmed, one line of plain text, at most MAX_SENDER_NAME characters. */
export function checkSenderName(text: string, field = "senderName"): string {
  const name = text.trim();
  if (name === "") throw new InvalidRequestError(`${field}: must not be empty`);
  if (name.length > MAX_SENDER_NAME) throw new InvalidRequestError(`${field}: at most ${MAX_SENDER_NAME} characters`);
  const problem = nameCharacterProblem(name);
  if (problem) throw new InvalidRequestError(`${field} ${problem}: type it again without it`);
  return name;
}

/**
 * The sender of a message: the name given with this request, else the person's saved display name, else
 * the name set for everyone; with the brand's organisation. Throws SenderNameMissingError when there is
 * none (`who` names the account, for the operator, never for the client).
 */
export function resolveSender(input: { given?: string | undefined; saved?: string | undefined; configured?: string | undefined; brand: Brand; who: string }): Sender {
  const person = [input.given, input.saved, input.configured].find((name) => name !== undefined && name.trim() !== "");
  if (person === undefined) throw new SenderNameMissingError(input.who);
  return { person: checkSenderName(person), ...(input.brand.name ? { organisation: input.brand.name } : {}) };
}

/** "Jane Doe (Acme Ltd)", or "Jane Doe" without an organisation, in the audience's words. */
export function senderLine(t: Translator, sender: Sender): string {
  return sender.organisation && sender.organisation !== sender.person ? t.t("sender.withOrganisation", { person: sender.person, organisation: sender.organisation }) : sender.person;
}

/** The sender of a message sent by `who`: their saved display name (mail settings), else `configured` (PORTAL_SENDER_NAME). */
export async function senderOf(
  deps: { settings: { get(user: string): Promise<{ displayName?: string } | undefined> }; brand: { get(): Promise<Brand> } },
  who: string,
  options: { given?: string | undefined; configured?: string | undefined } = {},
): Promise<Sender> {
  const [settings, brand] = await Promise.all([deps.settings.get(who), deps.brand.get()]);
  return resolveSender({ given: options.given, saved: settings?.displayName, configured: options.configured, brand, who });
}
