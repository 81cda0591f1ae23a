import { z } from "zod";
import type { SsoUser } from "../../users/sso-users.js";
import type { UserSummary } from "../../users/user-store.js";
import { ROLES } from "../../users/roles.js";

/** One person who can sign in, as the Users page, the API and `users list --json` show them: never a hash, secret or token. */
export const userSchema = z
  .object({
    name: z.string(),
    source: z.enum(["local", "sso"]).meta({ description: "local: a password (and second factor) kept here; sso: single sign-on through the provider" }),
    role: z.enum(ROLES),
    status: z.enum(["active", "disabled", "setup-pending"]).meta({ description: "setup-pending: a local account whose set-password link has not been used yet" }),
    twoFactor: z.enum(["on", "off", "provider"]).meta({ description: "provider: an SSO person, whose provider decides" }),
    recoveryCodesLeft: z.number().int().optional(),
    provider: z.string().optional().meta({ description: "The SSO provider's host name" }),
    createdAt: z.string().optional(),
    createdBy: z.string().optional(),
    passwordChangedAt: z.string().optional(),
    lastSignInAt: z.string().optional(),
    disabled: z.object({ at: z.string(), by: z.string() }).optional(),
    sessionsValidAfter: z.string().optional().meta({ description: "Sessions started before this instant were ended (sign out everywhere)" }),
  })
  .meta({ id: "User" });
export type UserView = z.input<typeof userSchema>;

export function localUserView(user: UserSummary): UserView {
  return {
    name: user.name,
    source: "local",
    role: user.role,
    status: user.disabled ? "disabled" : user.setupPendingUntil ? "setup-pending" : "active",
    twoFactor: user.twoFactor ? "on" : "off",
    ...(user.twoFactor ? { recoveryCodesLeft: user.recoveryCodesLeft } : {}),
    createdAt: user.createdAt,
    ...(user.createdBy ? { createdBy: user.createdBy } : {}),
    passwordChangedAt: user.passwordChangedAt,
    ...(user.lastSignInAt ? { lastSignInAt: user.lastSignInAt } : {}),
    ...(user.disabled ? { disabled: user.disabled } : {}),
    ...(user.sessionsValidAfter ? { sessionsValidAfter: user.sessionsValidAfter } : {}),
  };
}

export function ssoUserView(user: SsoUser): UserView {
  return {
    name: user.name,
    source: "sso",
    role: user.role,
    status: user.disabled ? "disabled" : "active",
    twoFactor: "provider",
    provider: user.provider,
    createdAt: user.firstSignInAt,
    lastSignInAt: user.lastSignInAt,
    ...(user.disabled ? { disabled: user.disabled } : {}),
    ...(user.sessionsValidAfter ? { sessionsValidAfter: user.sessionsValidAfter } : {}),
  };
}
