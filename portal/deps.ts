import type { Clock } from "../lib/clock.js";
import type { ObjectStore } from "../lib/storage/object-store.js";
import type { OidcClient } from "./auth/oidc.js";
import type { UserStore } from "./auth/user-store.js";
import type { Logger } from "./logger.js";

/** Everything the portal needs from outside; the server entry and the tests build it. */
export interface PortalDeps {
  store: ObjectStore;
  users: UserStore;
  /** HMAC key for session cookies and CSRF tokens (PORTAL_SESSION_SECRET); at least 32 characters. */
  sessionSecret: string;
  clock: Clock;
  logger: Logger;
  /** Single sign-on; absent when OIDC is not configured. */
  oidc?: OidcClient;
  /** Secure cookies (and HSTS): true whenever users reach the portal over HTTPS. */
  secureCookies: boolean;
  /** Public base URL (PORTAL_URL), e.g. "https://share-admin.example.com"; used for the Origin check behind a proxy. */
  portalUrl?: string;
  /** Take the client address from X-Forwarded-For (set only behind a reverse proxy you run). */
  trustProxy?: boolean;
}
