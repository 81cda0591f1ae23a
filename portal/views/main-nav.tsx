import { roleAllows } from "../../lib/users/roles.js";
import type { SessionUser } from "../env.js";
import { NavLink } from "./layout.js";

export type Section = "clients" | "links" | "mail" | "keys" | "tokens" | "settings" | "users" | "audit";

/** The header navigation of signed-in pages; the keys page is listed for admins only. */
export function MainNav({ user, current }: { user: SessionUser; current?: Section }) {
  return (
    <>
      <NavLink href="/clients" current={current === "clients"}>
        Clients
      </NavLink>
      <NavLink href="/links" current={current === "links"}>
        Links
      </NavLink>
      <NavLink href="/mail" current={current === "mail"}>
        E-mail
      </NavLink>
      {roleAllows(user.role, "admin") ? (
        <NavLink href="/keys" current={current === "keys"}>
          Keys
        </NavLink>
      ) : null}
      {roleAllows(user.role, "admin") ? (
        <NavLink href="/tokens" current={current === "tokens"}>
          API tokens
        </NavLink>
      ) : null}
      {roleAllows(user.role, "admin") ? (
        <NavLink href="/users" current={current === "users"}>
          Users
        </NavLink>
      ) : null}
      {roleAllows(user.role, "admin") ? (
        <NavLink href="/audit" current={current === "audit"}>
          Audit
        </NavLink>
      ) : null}
      {roleAllows(user.role, "admin") ? (
        <NavLink href="/settings" current={current === "settings"}>
          Settings
        </NavLink>
      ) : null}
    </>
  );
}
