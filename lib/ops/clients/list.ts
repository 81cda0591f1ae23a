import { z } from "zod";
import { linkStatus } from "../../links/link-record.js";
import { defineOperation } from "../operation.js";

/** `clients.list`: every client folder with its files, size, active links and profile. */
export const listClients = defineOperation({
  name: "clients.list",
  summary: "List the client folders with their file counts, sizes and active links",
  access: "operator",
  mutates: false,
  input: z.strictObject({}),
  result: z
    .object({
      clients: z.array(
        z.object({
          client: z.string(),
          fileCount: z.number().int(),
          bytes: z.number().int(),
          activeLinks: z.number().int(),
          displayName: z.string().optional(),
          archived: z.boolean(),
        }),
      ),
    })
    .meta({ id: "ClientList" }),
  errors: [],
  async run(services) {
    const [summaries, records, profiles] = await Promise.all([services.catalog.clients(), services.records.list(), services.profiles.all()]);
    const now = services.clock();
    const active = new Map<string, number>();
    for (const record of records) if (linkStatus(record, now) === "active") active.set(record.client, (active.get(record.client) ?? 0) + 1);
    return {
      clients: summaries.map((summary) => {
        const profile = profiles.get(summary.client);
        return {
          ...summary,
          activeLinks: active.get(summary.client) ?? 0,
          ...(profile?.displayName ? { displayName: profile.displayName } : {}),
          archived: profile?.archived ?? false,
        };
      }),
    };
  },
});
