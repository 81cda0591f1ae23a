import type { TwoFactorRule } from "../../lib/config/portal.js";
import type { Role } from "../../lib/users/roles.js";

/** PORTAL_REQUIRE_2FA: who must use two-factor sign-in with a local account (docs/portal.md#two-factor-sign-in). */
export { TWO_FACTOR_RULES, type TwoFactorRule } from "../../lib/config/portal.js";

export function twoFactorRequired(rule: TwoFactorRule, role: Role): boolean {
  return rule === "all" || (rule === "admin" && role === "admin");
}
