import type { Role } from "../../lib/users/roles.js";

/** PORTAL_REQUIRE_2FA: who must use two-factor sign-in with a local account (docs/portal.md#two-factor-sign-in). */
export const TWO_FACTOR_RULES = ["off", "admin", "all"] as const;
export type TwoFactorRule = (typeof TWO_FACTOR_RULES)[number];

export function twoFactorRequired(rule: TwoFactorRule, role: Role): boolean {
  return rule === "all" || (rule === "admin" && role === "admin");
}
