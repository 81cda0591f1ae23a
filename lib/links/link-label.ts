// A link's label and recipients (docs/links.md#labels-and-search): checked once here for every door,
// and the text a search matches against.
import { InvalidRequestError } from "../errors.js";
import { nameCharacterProblem } from "../names/name-characters.js";
import type { LinkRecord } from "./link-record.js";

/** Characters a label holds at most. */
export const MAX_LABEL_LENGTH = 120;
/** Recipients a link records at most, and characters each. */
export const MAX_RECIPIENTS = 50;
export const MAX_RECIPIENT_LENGTH = 320;
/** Characters a search holds at most. */
export const MAX_SEARCH_LENGTH = 200;

/** The label as stored: trimmed; "" means none. Refuses control and direction-changing characters and overlong text. */
export function checkLabel(label: string, field = "label"): string {
  const text = label.normalize("NFC").trim();
  if ([...text].length > MAX_LABEL_LENGTH) throw new InvalidRequestError(`${field}: at most ${MAX_LABEL_LENGTH} characters (this one has ${[...text].length})`, { field });
  const problem = nameCharacterProblem(text);
  if (problem) throw new InvalidRequestError(`${field}: ${problem}; a label is one line of plain text`, { field });
  return text;
}

/** Recipients as stored: trimmed, empty ones dropped, duplicates (ignoring case) once, each checked like a label. */
export function checkRecipients(recipients: readonly string[], field = "recipients"): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of recipients) {
    const text = raw.normalize("NFC").trim();
    if (text === "") continue;
    if (text.length > MAX_RECIPIENT_LENGTH) throw new InvalidRequestError(`${field}: each at most ${MAX_RECIPIENT_LENGTH} characters`, { field });
    const problem = nameCharacterProblem(text);
    if (problem) throw new InvalidRequestError(`${field}: ${JSON.stringify(text)} ${problem}`, { field });
    if (seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    kept.push(text);
  }
  if (kept.length > MAX_RECIPIENTS) throw new InvalidRequestError(`${field}: at most ${MAX_RECIPIENTS} recipients`, { field });
  return kept;
}

/** A search as matched: trimmed, lower case; refuses control characters. */
export function checkSearch(search: string, field = "search"): string {
  const text = search.normalize("NFC").trim();
  if (text.length > MAX_SEARCH_LENGTH) throw new InvalidRequestError(`${field}: at most ${MAX_SEARCH_LENGTH} characters`, { field });
  const problem = nameCharacterProblem(text);
  if (problem) throw new InvalidRequestError(`${field}: ${problem}`, { field });
  return text.toLowerCase();
}

/** Who the link went to: the recipients recorded, else (records written before) the addresses it was sent to. */
export function recipientsOf(record: Pick<LinkRecord, "recipients" | "deliveries">): string[] {
  if (record.recipients) return record.recipients;
  const seen = new Map<string, string>();
  for (const delivery of record.deliveries ?? []) for (const to of delivery.to) if (!seen.has(to.toLowerCase())) seen.set(to.toLowerCase(), to);
  return [...seen.values()];
}

/** Adds addresses a link was sent to to its recipients (once each, ignoring case). */
export function withRecipients(record: LinkRecord, added: readonly string[]): LinkRecord {
  const current = recipientsOf(record);
  const known = new Set(current.map((r) => r.toLowerCase()));
  const more = added.filter((r) => !known.has(r.toLowerCase()) && known.add(r.toLowerCase()));
  return { ...record, recipients: [...current, ...more].slice(0, MAX_RECIPIENTS) };
}

/** The searchable text of a link besides its id and client, lower case: label and recipients, one per line. */
export function searchableText(record: Pick<LinkRecord, "label" | "recipients" | "deliveries">): string {
  return [record.label ?? "", ...recipientsOf(record)].filter((t) => t !== "").join("\n").toLowerCase();
}

/** Whether a link matches a search (checkSearch's form): its id, client, label or a recipient holds the text. */
export function recordMatches(record: LinkRecord, search: string): boolean {
  return record.linkId.toLowerCase().includes(search) || record.client.toLowerCase().includes(search) || searchableText(record).includes(search);
}

/** The record with this label ("" removes it). */
export function withLabel(record: LinkRecord, label: string): LinkRecord {
  const { label: _old, ...rest } = record;
  return label === "" ? rest : { ...rest, label };
}
