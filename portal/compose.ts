import type { Clock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import type { KeyStore } from "../lib/keys/key-store.js";
import { bucketOrigin, createServices } from "../lib/ops/compose.js";
import { SigningPool } from "../lib/signing/signing-pool.js";
import type { ObjectStore } from "../lib/storage/object-store.js";
import { MailSettingsStore } from "../lib/delivery/mail-settings.js";
import { adminAddresses } from "./admin-addresses.js";
import { auditLog } from "./audit-log.js";
import { OidcClient } from "./auth/oidc.js";
import { UserStore } from "../lib/users/user-store.js";
import type { PortalDeps } from "./deps.js";
import type { Logger } from "./logger.js";
import { PublishGate } from "./sharing/publish-gate.js";

export interface PortalParts {
  store: ObjectStore;
  keyStore: KeyStore;
  sessionSecret: string;
  clock: Clock;
  logger: Logger;
  /**
   * Every request reaches the portal over HTTPS whatever PORTAL_URL says (API Gateway, which
   * serves nothing else): secure `__Host-` session cookies and HSTS without relying on the setting.
   */
  httpsOnly?: boolean;
}

/** The portal's dependencies for a configuration: the same wiring for `npm run portal`, local mode and the Lambda handler. */
export function composePortal(config: Config, parts: PortalParts): PortalDeps {
  const users = new UserStore(parts.store, parts.clock);
  const services = createServices(config, {
    clock: parts.clock,
    store: parts.store,
    keyStore: parts.keyStore,
    // Worker threads sign the hundreds of URLs of a publication, so page views never wait behind them.
    signUrls: new SigningPool().signUrls,
    // A few publications at once: enough to keep the signing workers busy while others list and
    // write (docs/architecture.md#lists-by-cursor); a burst of issues still never stalls page views.
    gate: new PublishGate(8),
    auditAlso: auditLog(parts.logger),
    users,
    adminAddresses: adminAddresses(users, new MailSettingsStore(parts.store, parts.clock)),
    log: (message) => parts.logger.warn({ event: "scan-problem", message }),
    // File requests' uploads, credited to the request like the edge's log lines (docs/requests.md).
    onRequestEvent: (event) => parts.logger.info({ event: event.event, requestId: event.requestId, client: event.client, by: `request:${event.requestId}`, ...event.details }),
    logFields: (fields) => parts.logger.warn(fields),
  });
  const { portal } = config;
  return {
    services,
    users,
    ...(config.mode === "aws" ? { uploadOrigin: bucketOrigin(config) } : {}),
    sessionSecret: parts.sessionSecret,
    clock: parts.clock,
    logger: parts.logger,
    ...(portal.oidc && portal.url ? { oidc: new OidcClient({ ...portal.oidc, portalUrl: portal.url }) } : {}),
    secureCookies: parts.httpsOnly === true || (portal.url?.startsWith("https:") ?? false),
    ...(portal.url ? { portalUrl: portal.url } : {}),
    trustProxy: portal.trustProxy,
    requireTwoFactor: portal.requireTwoFactor,
  };
}
