// The tokens family: API tokens for pipelines (admins, signed in or at the CLI; never a token itself).
import { createToken } from "./create.js";
import { listTokens } from "./list.js";
import { revokeToken } from "./revoke.js";

export const tokenOperations = {
  list: listTokens,
  create: createToken,
  revoke: revokeToken,
} as const;
