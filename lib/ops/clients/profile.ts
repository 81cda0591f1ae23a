import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import type { Services } from "../services.js";
import { profileSchema } from "./profile-view.js";

const result = z.object({ client: profileSchema }).meta({ id: "ClientProfileDocument" });

async function requireClient(services: Services, client: string): Promise<void> {
  if (!(await services.catalog.hasClient(client))) {
    throw new NotFoundError(`there is no client "${client}"`, "client");
  }
}

/** `clients.profile`: a client's display name, contacts, language, time zone and archived flag. */
export const clientProfile = defineOperation({
  name: "clients.profile",
  summary: "Show a client's profile: display name, contact addresses, language, time zone, archived",
  access: "operator",
  mutates: false,
  input: z.strictObject({ client: clientName }),
  result,
  errors: ["not-found"],
  async run(services, input) {
    const client = validateClientName(input.client);
    const profile = await services.profiles.get(client);
    if (!profile) await requireClient(services, client);
    return { client: profile ?? { client, contacts: [], archived: false } };
  },
});

/** The profile fields a caller may change; fields left out keep their value. */
export const profileChanges = {
  displayName: z.string({ error: "must be text" }).max(1000).optional().meta({ description: "The display name; empty clears it" }),
  contacts: z.array(z.string({ error: "must be e-mail addresses" }).max(320), { error: "must be a list of e-mail addresses" }).max(100).optional().meta({ description: "Replaces the contact addresses; an empty list clears them" }),
  language: z.string({ error: "must be text" }).max(20).optional().meta({ description: "The language of everything the client sees: en, de, fr or es; empty clears it (English)" }),
  timeZone: z.string({ error: "must be text" }).max(64).optional().meta({ description: "The client's time zone (IANA, like Europe/Berlin), for the dates in what they see; empty clears it (UTC only)" }),
  archived: z.boolean({ error: "must be true or false" }).optional(),
};

/** `clients.updateProfile`: sets a client's display name, contacts, language, time zone or archived flag. */
export const updateClientProfile = defineOperation({
  name: "clients.updateProfile",
  summary: "Change a client's profile: display name, contact addresses, language, time zone, archived",
  description: "Fields left out keep their value.",
  access: "operator",
  mutates: true,
  input: z.strictObject({ client: clientName, ...profileChanges }),
  result,
  errors: ["not-found"],
  async run(services, input, actor) {
    const { client: name, ...changes } = input;
    const client = validateClientName(name);
    await requireClient(services, client);
    const saved = await services.profiles.save(client, changes, actor.name);
    return { client: saved };
  },
  audit: (input) => ({
    event: "client-profile-changed",
    details: { client: input.client, changed: Object.keys(input).filter((key) => key !== "client").join(",") },
  }),
});
