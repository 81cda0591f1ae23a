import { z } from "zod";
import { defineOperation } from "../operation.js";
import { profileChanges } from "../clients/profile.js";
import { profileSchema } from "../clients/profile-view.js";
import { clientName } from "../schemas.js";
import { clientFilesOf } from "./client-files.js";

/** `files.createClient`: an empty client folder and its profile. */
export const createClient = defineOperation({
  name: "files.createClient",
  summary: "Create a client: an empty folder and its profile (display name, contacts)",
  description: "Client names follow the name rule (docs/files.md#names) and do not start with _ or .",
  access: "operator",
  mutates: true,
  input: z.strictObject({ client: clientName, displayName: profileChanges.displayName, contacts: profileChanges.contacts }),
  result: z.object({ client: profileSchema }).meta({ id: "CreatedClient" }),
  errors: ["conflict", "unavailable"],
  async run(services, input, actor) {
    const { client, ...profile } = input;
    const created = await clientFilesOf(services).createClient(
      client,
      { ...(profile.displayName !== undefined ? { displayName: profile.displayName } : {}), ...(profile.contacts ? { contacts: profile.contacts } : {}) },
      actor.name,
    );
    return { client: created };
  },
  audit: (input) => ({ event: "client-created", details: { client: input.client } }),
});
