import { z } from "zod";
import { NotFoundError, ShareError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import { revokeClientLinks } from "../../links/revoke-client.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";

const resultSchema = z
  .object({
    client: z.string(),
    revoked: z.array(z.string()).meta({ description: "Ids of the links revoked now" }),
    failed: z.array(z.object({ linkId: z.string(), error: z.string() })).meta({ description: "Links that could not be revoked (they still work); try again" }),
  })
  .meta({ id: "RevokedClientLinks" });

/** `links.revokeAll`: every active link of one client, each revoked as one link is; other clients' links keep working. */
export const revokeClientLinksOperation = defineOperation({
  name: "links.revokeAll",
  summary: "Revoke every active link of one client",
  description: "Each link as `links.revoke` does; other clients' links keep working. When some fail, the error (partial) carries which were revoked and which failed.",
  access: "operator",
  mutates: true,
  input: z.strictObject({ client: clientName }),
  result: resultSchema,
  errors: ["not-found", "partial"],
  async run(services, input, actor) {
    const client = validateClientName(input.client);
    const outcome = await revokeClientLinks(services.records, client, actor.name, services.clock);
    if (outcome.revoked.length === 0 && outcome.failed.length === 0 && (await services.records.list(client)).length === 0 && !(await services.catalog.hasClient(client))) {
      throw new NotFoundError(`there is no client "${client}" and no link was issued for it`, "client");
    }
    const result = {
      client,
      revoked: outcome.revoked.map((r) => r.record.linkId),
      failed: outcome.failed.map((f) => ({ linkId: f.linkId, error: f.error.message })),
    };
    if (result.failed.length > 0) {
      throw new ShareError("partial", `${result.revoked.length} links of ${client} are revoked; ${result.failed.length} failed and still work: ${result.failed.map((f) => `${f.linkId}: ${f.error}`).join("; ")}. Try again`, { partial: result });
    }
    return result;
  },
  audit: (input, result) => ({
    event: "client-links-revoked",
    details: { client: input.client, revoked: result.revoked ?? [], failed: (result.failed ?? []).map((f) => f.linkId) },
  }),
});
