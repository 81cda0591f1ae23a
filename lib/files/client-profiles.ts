import { z } from "zod";
import type { Clock } from "../clock.js";
import { InvalidRequestError } from "../errors.js";
import { validateClientName } from "../links/layout.js";
import { nameCharacterProblem } from "../names/name-characters.js";
import { parseAddress } from "../mail/address.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";

/** Client profiles live with the portal's records, never in the served prefix. */
export const PROFILE_PREFIX = "portal/clients/";
const MAX_CONTACTS = 20;
const MAX_DISPLAY_NAME = 200;


const profileSchema = z.object({
  client: z.string(),
  displayName: z.string().optional(),
  contacts: z.array(z.string()).default([]),
  archived: z.boolean().default(false),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/** What the portal knows about a client beyond its folder: a display name, contact e-mail addresses, archived. */
export type ClientProfile = z.infer<typeof profileSchema>;

/** The editable fields of a profile. */
export interface ProfileChanges {
  displayName?: string;
  contacts?: string[];
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
  if (changes.archived !== undefined) out.archived = changes.archived;
  return out;
}

/** Client profiles, one JSON object per client under `portal/clients/<client>.json`. */
export class ClientProfiles {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  async get(client: string): Promise<ClientProfile | undefined> {
    const text = await readText(this.store, profileKey(validateClientName(client)));
    return text === undefined ? undefined : profileSchema.parse(JSON.parse(text));
  }

  /** Every profile, by client name. */
  async all(): Promise<Map<string, ClientProfile>> {
    const profiles = new Map<string, ClientProfile>();
    for await (const object of listAll(this.store, PROFILE_PREFIX)) {
      if (!object.key.endsWith(".json")) continue;
      const text = await readText(this.store, object.key);
      if (text === undefined) continue;
      const parsed = profileSchema.safeParse(JSON.parse(text));
      if (parsed.success) profiles.set(parsed.data.client, parsed.data);
    }
    return profiles;
  }

  /** Creates or edits the profile; fields left out keep their value. */
  async save(client: string, changes: ProfileChanges, by: string): Promise<ClientProfile> {
    const valid = validateProfileChanges(changes);
    const now = this.clock().toISOString();
    const current = (await this.get(client)) ?? { client, contacts: [], archived: false, createdAt: now, createdBy: by, updatedAt: now, updatedBy: by };
    const next: ClientProfile = { ...current, ...valid, updatedAt: now, updatedBy: by };
    if (next.displayName === "") delete next.displayName;
    await this.store.put(profileKey(client), `${JSON.stringify(next, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
    return next;
  }

  async remove(client: string): Promise<void> {
    await this.store.delete(profileKey(validateClientName(client)));
  }
}

function profileKey(client: string): string {
  return `${PROFILE_PREFIX}${client}.json`;
}
