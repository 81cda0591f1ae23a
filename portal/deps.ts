import type { TwoFactorRule } from "./auth/two-factor-policy.js";
import type { Clock } from "../lib/clock.js";
import type { Services } from "../lib/ops/services.js";
import type { ApiTokens } from "../lib/tokens/api-tokens.js";
import type { OidcClient } from "./auth/oidc.js";
import type { UserStore } from "../lib/users/user-store.js";
import type { Logger } from "./logger.js";

/** Everything the portal needs from outside; the server entry and the tests build it. */
export interface PortalDeps {
  /**
   * What the operations (lib/ops) run on: storage, the publisher, link records, profiles, files,
   * activity, e-mail, the audit trail. Built by the one composition root (lib/ops/compose.ts).
   */
  services: Services;
  users: UserStore;
  /** Where browsers send upload parts when it is not the portal (the bucket's origin in AWS mode): allowed in the pages' CSP. */
  uploadOrigin?: string;
  /** API tokens (Authorization: Bearer on /api); default: the services' (portal/tokens/ in their store). */
  tokens?: ApiTokens;
  /** How long the pages reuse a listing of clients, files and link records (default 5000 ms; 0 lists on every view). */
  listingCacheMs?: number;
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
  /** PORTAL_REQUIRE_2FA: who must use two-factor sign-in with a local account (default off). */
  requireTwoFactor?: TwoFactorRule;
}
