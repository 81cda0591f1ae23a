import { Hono, type Context } from "hono";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import type { ResultOf } from "../../../lib/ops/operation.js";
import { ops } from "../../../lib/ops/registry.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { UserPage, UsersPage, userHref, type Handover, type UserRow } from "../../views/users-page.js";

type Ctx = Context<AppEnv & SignedInEnv>;
type Source = "local" | "sso";

/** /users: an admin's view of everyone who can sign in, and what they can do about each (docs/portal.md#users). */
export function userRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  const rule = deps.requireTwoFactor ?? "off";

  /** The set-password link on the address the admin is using, when PORTAL_URL does not say it. */
  const handoverOf = (c: Ctx, name: string, result: { setPasswordUrl?: string | undefined; setPasswordExpiresAt?: string | undefined; password?: string | undefined }): Handover | undefined => {
    if (result.password) return { name, password: result.password };
    if (result.setPasswordUrl) return { name, setPasswordUrl: new URL(result.setPasswordUrl, new URL(c.req.url).origin).href, expiresAt: result.setPasswordExpiresAt ?? "" };
    return undefined;
  };

  const listPage = async (c: Ctx, extra: { error?: string; values?: { name?: string; role?: string }; handover?: Handover } = {}, status: 200 | 400 | 409 = 200) => {
    const { users } = await run(c, ops.users.list, {});
    return c.html(<UsersPage users={users as UserRow[]} twoFactorRule={rule} user={c.get("user")} csrfToken={csrfToken(c)} {...extra} />, status);
  };

  const findUser = async (c: Ctx, source: Source, name: string): Promise<UserRow | undefined> => {
    const { users } = await run(c, ops.users.list, {});
    return (users as UserRow[]).find((u) => u.source === source && u.name === name);
  };

  const userPage = async (c: Ctx, source: Source, name: string, extra: { notice?: string; handover?: Handover; error?: string } = {}) => {
    const row = await findUser(c, source, name);
    if (!row) return c.html(<UsersPage users={[]} twoFactorRule={rule} user={c.get("user")} csrfToken={csrfToken(c)} error={`There is no user "${name}".`} />, HTTP_STATUS["not-found"]);
    const notice = extra.error ?? extra.notice;
    return c.html(<UserPage row={row} self={row.name === c.get("user").name} user={c.get("user")} csrfToken={csrfToken(c)} {...(notice ? { notice } : {})} {...(extra.handover ? { handover: extra.handover } : {})} />, extra.error ? HTTP_STATUS.conflict : 200);
  };

  /** A change from the user's page: run it, then show the page with what happened (or why not). */
  const change = (operation: "disable" | "enable" | "signOut" | "resetTwoFactor", done: string) => async (c: Ctx) => {
    const source = sourceOf(c.req.param("source"));
    const name = c.req.param("name")!;
    try {
      await run(c, ops.users[operation], operation === "resetTwoFactor" ? { name } : { name, source });
    } catch (error) {
      if (error instanceof ShareError && (error.kind === "conflict" || error.kind === "bad-input")) return userPage(c, source, name, { error: error.message });
      throw error;
    }
    return userPage(c, source, name, { notice: done });
  };

  return new Hono<AppEnv & SignedInEnv>()
    .use("/users", requireRole("admin"))
    .use("/users/*", requireRole("admin"))
    .get("/users", (c) => listPage(c))
    .post("/users", async (c) => {
      const form = await c.req.parseBody();
      const name = typeof form.name === "string" ? form.name.trim().toLowerCase() : "";
      const role = typeof form.role === "string" ? form.role : "";
      const handover = form.handover === "password" ? "password" : "link";
      try {
        const added: ResultOf<typeof ops.users.add> = await run(c, ops.users.add, { name, role, handover });
        return listPage(c, { handover: handoverOf(c, name, added)! });
      } catch (error) {
        if (error instanceof ShareError && (error.kind === "bad-input" || error.kind === "conflict")) {
          return listPage(c, { error: error.message, values: { name, role } }, HTTP_STATUS[error.kind] as 400 | 409);
        }
        throw error;
      }
    })
    .get("/users/:source/:name", (c) => userPage(c, sourceOf(c.req.param("source")), c.req.param("name")))
    .post("/users/local/:name/role", async (c) => {
      const name = c.req.param("name");
      const form = await c.req.parseBody();
      try {
        await run(c, ops.users.setRole, { name, role: typeof form.role === "string" ? form.role : "" });
      } catch (error) {
        if (error instanceof ShareError && (error.kind === "conflict" || error.kind === "bad-input")) return userPage(c, "local", name, { error: error.message });
        throw error;
      }
      return userPage(c, "local", name, { notice: "Role changed: it applies at their next request." });
    })
    .post("/users/:source/:name/disable", change("disable", "Disabled: they cannot sign in, and their open sessions have ended."))
    .post("/users/:source/:name/enable", change("enable", "Enabled: they can sign in again."))
    .post("/users/:source/:name/sign-out", change("signOut", "Signed out everywhere: every session they had open has ended."))
    .post("/users/local/:name/two-factor/reset", change("resetTwoFactor", "Two-factor sign-in is off for this account; they set it up again at their next sign-in where it is required."))
    .post("/users/local/:name/password", async (c) => {
      const name = c.req.param("name");
      const form = await c.req.parseBody();
      const reset = await run(c, ops.users.resetPassword, { name, handover: form.handover === "password" ? "password" : "link" });
      return userPage(c, "local", name, { notice: "The old password no longer works and every session has ended.", handover: handoverOf(c, name, reset)! });
    })
    .post("/users/:source/:name/remove", async (c) => {
      const source = sourceOf(c.req.param("source"));
      const name = c.req.param("name");
      try {
        await run(c, ops.users.remove, { name, source });
      } catch (error) {
        if (error instanceof ShareError && error.kind === "conflict") return userPage(c, source, name, { error: error.message });
        throw error;
      }
      return c.redirect("/users", 303);
    });
}

function sourceOf(text: string | undefined): Source {
  return text === "sso" ? "sso" : "local";
}

export { userHref };
