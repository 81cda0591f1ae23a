import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, SessionUser } from "../env.js";
import type { Session, SessionCodec } from "./session.js";

/** Reads and writes the session cookie with the attributes the portal always uses. */
export class SessionCookie {
  readonly name: string;

  constructor(
    readonly codec: SessionCodec,
    private readonly secure: boolean,
  ) {
    // __Host- cookies are only accepted over HTTPS, with Path=/ and no Domain.
    this.name = secure ? "__Host-signed-share-session" : "signed-share-session";
  }

  read(c: Context<AppEnv>): string | undefined {
    return getCookie(c, this.name);
  }

  write(c: Context<AppEnv>, session: Session): void {
    setCookie(c, this.name, this.codec.encode(session), {
      httpOnly: true,
      sameSite: "Lax",
      secure: this.secure,
      path: "/",
      // No Max-Age: the browser drops it when it closes; the server enforces both time limits.
    });
  }

  clear(c: Context<AppEnv>): void {
    deleteCookie(c, this.name, { path: "/", secure: this.secure, httpOnly: true, sameSite: "Lax" });
  }
}

/** Signs the user in: a fresh session (new id, new CSRF token) in a fresh cookie. */
export function startSession(c: Context<AppEnv>, cookie: SessionCookie, user: SessionUser & { source: "local" | "oidc" }, now: Date): void {
  cookie.write(c, cookie.codec.create({ user: user.name, role: user.role, source: user.source }, now));
}
