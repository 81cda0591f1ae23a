import type { MiddlewareHandler } from "hono";
import type { AppEnv, SignedInEnv } from "../env.js";
import { refuse, wantsJson } from "../respond.js";
import { roleAllows, type Role } from "../../lib/users/roles.js";

/**
 * Lets signed-in users through; others get 401 (JSON clients) or a redirect to the sign-in page
 * that comes back here afterwards. Handlers after it see `c.get("user")` as non-null.
 */
export function requireUser(): MiddlewareHandler<AppEnv & SignedInEnv> {
  return requireRole("operator");
}

/** Like requireUser, and 403 unless the user's role allows `role` (admin allows everything). */
export function requireRole(role: Role): MiddlewareHandler<AppEnv & SignedInEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.get("user");
    if (!user) {
      if (wantsJson(c)) return refuse(c, "unauthenticated", "Sign-in required", "sign in first (POST /sign-in), or send an API token as Authorization: Bearer <token>");
      const back = c.req.method === "GET" ? c.req.path + new URL(c.req.url).search : "/";
      return c.redirect(`/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    if (!roleAllows(user.role, role)) {
      return refuse(c, "forbidden", "Not allowed", `This needs the ${role} role; you are signed in as ${user.name} (${user.role}).`);
    }
    return next();
  };
  // The check above is what makes `user` non-null for the handlers that follow.
  return middleware as unknown as MiddlewareHandler<AppEnv & SignedInEnv>;
}

export { safeNext } from "./safe-next.js";
