import { HTTP_STATUS } from "../../lib/errors.js";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.js";
import { wantsJson } from "../respond.js";

const ALLOWED = ["/account/password", "/sign-out", "/sign-in"];

/**
 * A person signed in with a password an admin gave out is sent to choose their own before any
 * other page (docs/portal.md#users); the API answers 403 with what to do.
 */
export function passwordChangeRequired(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (!user?.mustChangePassword || ALLOWED.includes(c.req.path)) return next();
    if (wantsJson(c)) return c.json({ error: "Password change required", message: "this account still has the password an admin gave out: sign in to the portal and choose a new one" }, HTTP_STATUS.forbidden);
    if (c.req.method !== "GET") return c.redirect("/account/password", 303);
    return c.redirect(`/account/password?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303);
  };
}
