import { z } from "zod";
import type { Clock } from "../clock.js";
import { InvalidRequestError } from "../errors.js";
import { validateClientName } from "../links/layout.js";
import { nameCharacterProblem } from "../names/name-characters.js";
import { parseAddress } from "../mail/address.js";
import { JsonCollection } from "../storage/json-collection.js";
import type { ObjectStore } from "../storage/object-store.js";
import { isLanguage, LANGUAGE_CHOICES } from "../i18n/catalog.js";
import { isTimeZone } from "../i18n/translator.js";

/** Client profiles live with the portal's records, never in the served prefix. */
export const PROFILE_PREFIX = "portal/clients/";
const MAX_CONTACTS = 20;
const MAX_DISPLAY_NAME = 200;


const profileSchema = z.object({
  client: z.string(),
  displayName: z.string().optional(),
  contacts: z.array(z.string()).default([]),
  /** The language of everything the client sees (docs/languages.md); absent: the default. */
  language: z.string().refine((value): boolean => isLanguage(value)).optional(),
  /** The client's time zone (IANA), for the dates in their e-mails; absent: UTC only. */
  timeZone: z.string().optional(),
  archived: z.boolean().default(false),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/** What the portal knows about a client beyond its folder: a display name, contact e-mail addresses, language, time zone, archived. */
export type ClientProfile = z.infer<typeof profileSchema>;

/** The editable fields of a profile. */
export interface ProfileChanges {
  displayName?: string;
  contacts?: string[];
  /** "" clears it. */
  language?: string;
  /** "" clears it. */
  timeZone?: string;
  archived?: boolean;
}

/** Checks and normalises edits: trimmed display name (empty clears it), e-mail contacts without duplicates. */
export function validateProfileChanges(changes: ProfileChanges): ProfileChanges {
  const out: ProfileChanges = {};
  if (changes.displayName !== undefined) {
    const name = changes.displayName.trim();
    if (name.length > MAX_DISPLAY_NAME) throw new InvalidRequestError(`display name: at most ${MAX_DISPLAY_NAME} characters`, { field: "displayName" });
    const problem = nameCharacterProblem(name);
    if (problem) throw new InvalidRequestError(`display name ${problem}: type it again without it`, { field: "displayName" });
    out.displayName = name;
  }
  if (changes.contacts !== undefined) {
    const contacts = [...new Set(changes.contacts.map((c) => c.trim().toLowerCase()).filter((c) => c !== ""))];
    if (contacts.length > MAX_CONTACTS) throw new InvalidRequestError(`contacts: at most ${MAX_CONTACTS} addresses`, { field: "contacts" });
    // The rule every recipient of a link is checked with.
    out.contacts = contacts.map((contact) => {
      try {
        return parseAddress(contact, "contact");
      } catch (error) {
        if (error instanceof InvalidRequestError) throw new InvalidRequestError(error.message, { field: "contacts" });
        throw error;
      }
    });
  }
  if (changes.language !== undefined) {
    const language = changes.language.trim().toLowerCase();
    if (language !== "" && !isLanguage(language)) throw new InvalidRequestError(`language: must be ${LANGUAGE_CHOICES}, got "${changes.language.slice(0, 20)}"`);
    out.language = language;
  }
  if (changes.timeZone !== undefined) {
    const zone = changes.timeZone.trim();
    if (zone !== "" && !isTimeZone(zone)) throw new InvalidRequestError(`time zone: must be an IANA time zone like Europe/Berlin or America/New_York, got "${changes.timeZone.slice(0, 40)}"`);
    out.timeZone = zone;
  }
  if (changes.archived !== undefined) out.archived = changes.archived;
  return out;
}

/** Client profiles, one JSON object per client under `portal/clients/<client>.json`. */
export class ClientProfiles {
  private readonly profiles: JsonCollection<typeof profileSchema>;

  constructor(
    store: ObjectStore,
    private readonly clock: Clock,
  ) {
    this.profiles = new JsonCollection(store, { prefix: PROFILE_PREFIX, schema: profileSchema });
  }

  async get(client: string): Promise<ClientProfile | undefined> {
    return this.profiles.get(validateClientName(client));
  }

  /** Every profile, by client name (a damaged one is left out: the client still lists, without its profile). */
  async all(): Promise<Map<string, ClientProfile>> {
    const profiles = new Map<string, ClientProfile>();
    for await (const { value } of this.profiles.entries()) profiles.set(value.client, value);
    return profiles;
  }

  /** Creates or edits the profile; fields left out keep their value. */
  async save(client: string, changes: ProfileChanges, by: string): Promise<ClientProfile> {
    const valid = validateProfileChanges(changes);
    const now = this.clock().toISOString();
    const current = (await this.get(client)) ?? { client, contacts: [], archived: false, createdAt: now, createdBy: by, updatedAt: now, updatedBy: by };
    const next: ClientProfile = { ...current, ...valid, updatedAt: now, updatedBy: by };
    if (next.displayName === "") delete next.displayName;
    if (next.language === "") delete next.language;
    if (next.timeZone === "") delete next.timeZone;
    await this.profiles.put(client, next);
    return next;
  }

  async remove(client: string): Promise<void> {
    await this.profiles.delete(validateClientName(client));
  }
}
