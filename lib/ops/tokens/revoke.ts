import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { quotedName } from "../../tokens/api-tokens.js";
import { defineOperation } from "../operation.js";
import { tokenSummarySchema } from "./token-view.js";

/** `tokens.revoke`: the token (every active one of that name) stops working at once. */
export const revokeToken = defineOperation({
  name: "tokens.revoke",
  summary: "Revoke an API token: it stops working at once",
  description: "Names the token by its name or its id. Revoking a revoked token changes nothing (it is listed under alreadyRevoked).",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({
    name: z.string({ error: "is required: the token's name or id" }).min(1, { error: "is required: the token's name or id" }).max(1000).meta({ description: "The token's name, or its id", example: "ci-deploy" }),
  }),
  result: z
    .object({
      revoked: z.array(tokenSummarySchema).meta({ description: "The tokens this call revoked (normally one)" }),
      alreadyRevoked: z.array(tokenSummarySchema).meta({ description: "Tokens of that name or id that were revoked before" }),
    })
    .meta({ id: "RevokedTokens" }),
  errors: ["forbidden", "not-found"],
  async run(services, input, actor) {
    const all = await services.tokens.list();
    const named = all.filter((t) => t.name === input.name);
    const matches = named.length > 0 ? named : all.filter((t) => t.id === input.name);
    if (matches.length === 0) throw new NotFoundError(`no token is named ${quotedName(input.name)}`, "token");
    const revoked = [];
    for (const token of matches.filter((t) => t.status !== "revoked")) revoked.push(await services.tokens.revoke(token.id, actor.name));
    return { revoked, alreadyRevoked: matches.filter((t) => t.status === "revoked") };
  },
  audit: (input, result) => ({ event: "token-revoked", details: { token: input.name, ids: (result.revoked ?? []).map((t) => t.id) } }),
});
