import { z } from "zod";
import { ROLES } from "../../users/roles.js";

/** A token as listings show it: never the token or its hash. */
export const tokenSummarySchema = z
  .object({
    id: z.string().meta({ description: "16 hex digits; the token's name or this id names it to tokens.revoke" }),
    name: z.string(),
    role: z.enum(ROLES),
    status: z.enum(["active", "expired", "revoked"]),
    createdAt: z.string(),
    createdBy: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().optional(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
  })
  .meta({ id: "TokenSummary", description: "An API token as listings show it (never the token or its hash)" });
