import { Hono } from "hono";
import type { Clock } from "../../../lib/clock.js";
import type { SessionCookie } from "../../auth/session-cookie.js";
import type { SignedOutSessions } from "../../auth/signed-out-sessions.js";
import type { AppEnv } from "../../env.js";
import type { Logger } from "../../logger.js";

/** Sign-out is a POST (with the CSRF token) so that a link or an image cannot sign anyone out. */
export function signOutRoutes(cookie: SessionCookie, clock: Clock, logger: Logger, signedOut: SignedOutSessions) {
  return new Hono<AppEnv>().post("/sign-out", async (c) => {
    const user = c.get("user");
    const now = clock();
    const state = cookie.codec.decode(cookie.read(c), now);
    if (state.status === "valid") {
      cookie.codec.revoke(state.session, now);
      await signedOut.add(state.session); // holds across restarts and portal instances
    }
    cookie.clear(c);
    if (user) logger.info({ event: "sign-out", user: user.name });
    return c.redirect("/sign-in", 303);
  });
}
