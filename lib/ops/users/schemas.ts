import { z } from "zod";
import { ROLES } from "../../users/roles.js";

export const userName = z.string({ error: "is required: the user's name" }).min(1, { error: "is required: the user's name" }).max(320).meta({ description: "The user's name (a local account's, or an SSO person's e-mail address)", example: "olivia" });
export const source = z.enum(["local", "sso"], { error: "must be local or sso" }).optional().meta({ description: "local (default) or sso" });
export const role = z.enum(ROLES, { error: `must be ${ROLES.join(" or ")}` }).meta({ description: "operator or admin" });
export const handover = z
  .enum(["link", "password"], { error: "must be link or password" })
  .meta({ description: "link: a one-time set-password link (72 h); password: a generated password, shown once, to be changed at the first sign-in" });
/** A password chosen by the caller (the CLI reads it from a prompt or standard input): never in the audit trail. */
export const password = z.string().max(1024).optional().meta({ description: "The password itself (at least 12 characters) instead of a link or a generated one" });

/** What an admin hands over after adding a user or resetting a password: shown once. */
export const handoverResult = {
  setPasswordUrl: z.string().optional().meta({ description: "The one-time set-password link (absolute when PORTAL_URL is set, else a path on the portal)" }),
  setPasswordExpiresAt: z.string().optional(),
  password: z.string().optional().meta({ description: "The generated password, shown this once" }),
};

/** The set-password link's address: on PORTAL_URL when known. */
export function setPasswordUrl(portalUrl: string | undefined, name: string, token: string): string {
  const path = `/set-password?${new URLSearchParams({ user: name, token }).toString()}`;
  return portalUrl ? new URL(path, portalUrl).href : path;
}
