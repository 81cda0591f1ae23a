import type { MiddlewareHandler } from "hono";
import type { Clock } from "../../lib/clock.js";
import type { AppEnv, SessionUser } from "../env.js";
import type { CsrfTokens } from "./csrf.js";
import type { Session } from "./session.js";
import type { SessionCookie } from "./session-cookie.js";
import type { SignedOutSessions } from "./signed-out-sessions.js";
import { ssoSessionStillValid, type SsoUsers } from "../../lib/users/sso-users.js";
import { sessionStillValid, type UserStore } from "../../lib/users/user-store.js";

/**
 * Loads the session from its cookie into `c.get("user")`, refreshes last-seen, and clears
 * a cookie that is tampered with or expired (the request then continues as signed out).
 */
export function sessionMiddleware(options: {
  cookie: SessionCookie;
  csrf: CsrfTokens;
  users: UserStore;
  ssoUsers: SsoUsers;
  clock: Clock;
  signedOut: SignedOutSessions;
  /** Whether single sign-on is configured: without it, an SSO session (say, from before OIDC was turned off) is refused. */
  oidcEnabled: boolean;
}): MiddlewareHandler<AppEnv> {
  const { cookie, csrf, users, ssoUsers, clock, oidcEnabled, signedOut } = options;
  return async (c, next) => {
    c.set("user", null);
    c.set("csrfToken", null);
    const raw = cookie.read(c);
    const now = clock();
    const state = cookie.codec.decode(raw, now);
    const valid = state.status === "valid" && !(await signedOut.has(state.session.sid)) ? state.session : undefined;
    const allowed = valid ? await stillAllowed(valid, users, ssoUsers, oidcEnabled) : undefined;
    if (!allowed) {
      if (raw !== undefined) cookie.clear(c);
      return next();
    }
    const { mustChangePassword, ...session } = allowed;
    const user: SessionUser = { name: session.user, role: session.role, source: session.source, ...(mustChangePassword ? { mustChangePassword: true } : {}) };
    c.set("user", user);
    c.set("csrfToken", csrf.tokenFor(session.sid));
    await next();
    // Sign-in and sign-out write the cookie themselves; otherwise record the activity.
    if (!c.res.headers.getSetCookie().some((line) => line.startsWith(`${cookie.name}=`))) {
      cookie.write(c, cookie.codec.touch(session, now));
    }
  };
}

/**
 * Accounts are re-read on each request: a removed or disabled account, a changed password or a
 * "sign out everywhere" ends its sessions at once, and a role change applies at once. An SSO
 * session ends when an admin disables the person or signs them out everywhere (docs/portal.md#users).
 */
async function stillAllowed(session: Session, users: UserStore, ssoUsers: SsoUsers, oidcEnabled: boolean): Promise<(Session & { mustChangePassword?: boolean }) | undefined> {
  if (session.source === "oidc") return oidcEnabled && ssoSessionStillValid(await ssoUsers.get(session.user), session.iat) ? session : undefined;
  const account = await users.get(session.user);
  if (!sessionStillValid(account, session.iat)) return undefined;
  return { ...session, role: account!.role, mustChangePassword: account!.mustChangePassword };
}
