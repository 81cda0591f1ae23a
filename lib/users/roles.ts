/** Portal roles; an admin may do everything an operator may. */
export const ROLES = ["operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when a user holding `held` may use something that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return needed === "operator" || held === "admin";
}
