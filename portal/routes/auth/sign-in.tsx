import { HTTP_STATUS } from "../../../lib/errors.js";
import { Hono } from "hono";
import type { RateLimitOptions } from "../../auth/rate-limit.js";
import { SignInRateLimiter } from "../../auth/rate-limit.js";
import { safeNext } from "../../auth/require-role.js";
import { startSession, type SessionCookie } from "../../auth/session-cookie.js";
import { MAX_PASSWORD_LENGTH, USER_NAME_PATTERN } from "../../auth/user-store.js";
import { clientAddress } from "../../client-address.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { SignInPage } from "../../views/sign-in.js";

/** The local-account sign-in form; failed attempts block a user name and address pair or an address, and slow a user name. */
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
      const page = (error: string) => <SignInPage next={next} ssoEnabled={ssoEnabled} userName={userName} error={error} />;

      // Input no account could match costs no password hash and counts as no attempt.
      if (!USER_NAME_PATTERN.test(userName) || password === "" || password.length > MAX_PASSWORD_LENGTH) {
        return c.html(page("Wrong user name or password."), HTTP_STATUS.unauthenticated);
      }

      const retryAfter = limiter.retryAfterSeconds(userName, address);
      if (retryAfter !== undefined) {
        deps.logger.warn({ event: "sign-in-throttled", user: userName, address });
        c.header("Retry-After", String(retryAfter));
        const minutes = Math.ceil(retryAfter / 60);
        return c.html(page(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`), HTTP_STATUS["rate-limited"]);
      }

      const delay = limiter.delayMs(userName);
      if (delay > 0) {
        deps.logger.warn({ event: "sign-in-slowed", user: userName, address, delayMs: delay });
        await limiter.options.wait(delay);
      }
      const account = await deps.users.verify(userName, password);
      if (!account) {
        limiter.recordFailure(userName, address);
        deps.logger.warn({ event: "sign-in-failed", user: userName, address });
        return c.html(page("Wrong user name or password."), HTTP_STATUS.unauthenticated);
      }

      limiter.succeeded(userName, address);
      startSession(c, cookie, { name: account.name, role: account.role, source: "local" }, deps.clock());
      deps.logger.info({ event: "sign-in", user: account.name, role: account.role, method: "password", address });
      return c.redirect(next, 303);
    });
}
