import { Hono } from "hono";
import { recordAuthEvent } from "../../auth/auth-audit.js";
import type { SessionCookie } from "../../auth/session-cookie.js";
import type { SignedOutSessions } from "../../auth/signed-out-sessions.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";

/** Sign-out is a POST (with the CSRF token) so that a link or an image cannot sign anyone out. */
export function signOutRoutes(deps: PortalDeps, cookie: SessionCookie, signedOut: SignedOutSessions) {
  return new Hono<AppEnv>().post("/sign-out", async (c) => {
    const user = c.get("user");
    const now = deps.clock();
    const state = cookie.codec.decode(cookie.read(c), now);
    if (state.status === "valid") {
      cookie.codec.revoke(state.session, now);
      await signedOut.add(state.session); // holds across restarts and portal instances
    }
    cookie.clear(c);
    if (user) {
      deps.logger.info({ event: "sign-out", user: user.name });
      await recordAuthEvent(deps, c, { event: "sign-out", user: user.name, role: user.role, outcome: "ok" });
    }
    return c.redirect("/sign-in", 303);
  });
}
