import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { MAX_TOKEN_LIFETIME_MS, tokenExpiry } from "../../tokens/api-tokens.js";
import { ROLES } from "../../users/roles.js";
import { defineOperation } from "../operation.js";
import { tokenSummarySchema } from "./token-view.js";

const NOTE = "This is the only time the token is shown: store it in your pipeline's secrets now.";

/** `tokens.create`: a new API token; its secret is in this result and nowhere else, ever. */
export const createToken = defineOperation({
  name: "tokens.create",
  summary: "Create an API token with a role and an expiry: the token is shown once",
  description: "Tokens are stored only as a hash (portal/tokens/). Only one active token may have a name. API tokens cannot create tokens.",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({
    name: z.string({ error: "is required: 1 to 64 of a-z 0-9 . _ -" }).max(1000).meta({ description: "1 to 64 of a-z 0-9 . _ -", example: "ci-deploy" }),
    role: z.enum(ROLES, { error: `must be ${ROLES.join(" or ")}` }).meta({ description: "operator (clients, files, links) or admin (also accounts and keys)" }),
    expires: z
      .string({ error: "is required: a duration like 90d, 12h or 30m" })
      .max(100)
      .meta({ description: `How long the token works: 90d, 12h, 30m (at most ${MAX_TOKEN_LIFETIME_MS / 86_400_000}d)`, example: "90d" }),
  }),
  result: z
    .object({
      token: z.string().meta({ description: "The token (sst_...): shown this once, stored nowhere" }),
      summary: tokenSummarySchema,
      note: z.string(),
    })
    .meta({ id: "CreatedToken" }),
  errors: ["forbidden", "conflict"],
  async run(services, input, actor) {
    const expiresAt = tokenExpiry(input.expires, services.clock());
    if (!expiresAt) throw new InvalidRequestError(`expires: ${JSON.stringify(input.expires)} is not a duration like 90d, 12h or 30m`, { field: "expires" });
    const created = await services.tokens.create({ name: input.name, role: input.role, expiresAt, by: actor.name });
    return { token: created.token, summary: created.summary, note: NOTE };
  },
  // Never the token: only what names it.
  audit: (input, result) => ({ event: "token-created", details: { token: input.name, id: result.summary?.id ?? null, role: input.role, expiresAt: result.summary?.expiresAt ?? null } }),
});
