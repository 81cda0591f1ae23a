import { z } from "zod";
import { defineOperation } from "../operation.js";
import { tokenSummarySchema } from "./token-view.js";

/** `tokens.list`: every API token, newest first, with its status and last use. */
export const listTokens = defineOperation({
  name: "tokens.list",
  summary: "List the API tokens: name, role, status, expiry, last use, who created them",
  access: "admin",
  tokens: false,
  mutates: false,
  input: z.strictObject({}),
  result: z.object({ tokens: z.array(tokenSummarySchema) }).meta({ id: "TokenList" }),
  errors: ["forbidden"],
  async run(services) {
    return { tokens: await services.tokens.list() };
  },
});
