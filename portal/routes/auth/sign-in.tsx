import { Hono } from "hono";
import type { RateLimitOptions } from "../../auth/rate-limit.js";
import { SignInRateLimiter } from "../../auth/rate-limit.js";
import { safeNext } from "../../auth/require-role.js";
import { startSession, type SessionCookie } from "../../auth/session-cookie.js";
import { clientAddress } from "../../client-address.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { SignInPage } from "../../views/sign-in.js";

/** The local-account sign-in form, with failed attempts limited per address and per user name. */
export function signInRoutes(deps: PortalDeps, cookie: SessionCookie, limits?: Partial<RateLimitOptions>) {
  const limiter = new SignInRateLimiter(deps.clock, limits);
  const ssoEnabled = deps.oidc !== undefined;

  return new Hono<AppEnv>()
    .get("/sign-in", (c) => {
      const next = safeNext(c.req.query("next"));
      if (c.get("user")) return c.redirect(next, 303);
      return c.html(<SignInPage next={next} ssoEnabled={ssoEnabled} />);
    })
    .post("/sign-in", async (c) => {
      const form = await c.req.parseBody();
      const userName = typeof form.username === "string" ? form.username.trim().toLowerCase() : "";
      const password = typeof form.password === "string" ? form.password : "";
      const next = safeNext(form.next);
      const address = clientAddress(c, deps.trustProxy ?? false);
      const keys = [`address:${address}`, `user:${userName}`];
      const page = (error: string) => <SignInPage next={next} ssoEnabled={ssoEnabled} userName={userName} error={error} />;

      const retryAfter = limiter.retryAfterSeconds(keys);
      if (retryAfter !== undefined) {
        deps.logger.warn({ event: "sign-in-throttled", user: userName, address });
        c.header("Retry-After", String(retryAfter));
        const minutes = Math.ceil(retryAfter / 60);
        return c.html(page(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`), 429);
      }

      const account = userName && password ? await deps.users.verify(userName, password) : undefined;
      if (!account) {
        limiter.recordFailure(keys);
        deps.logger.warn({ event: "sign-in-failed", user: userName, address });
        return c.html(page("Wrong user name or password."), 401);
      }

      limiter.reset(`user:${userName}`);
      startSession(c, cookie, { name: account.name, role: account.role, source: "local" }, deps.clock());
      deps.logger.info({ event: "sign-in", user: account.name, role: account.role, method: "password", address });
      return c.redirect(next, 303);
    });
}
