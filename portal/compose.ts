import type { Clock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { createKeyProvider } from "../lib/keys/key-provider.js";
import { resolveKeyPairId, type KeyStore } from "../lib/keys/key-store.js";
import { createClientFiles } from "../lib/files/create-client-files.js";
import { createPublishing } from "../lib/publish/create-publishing.js";
import { createActivitySource } from "../lib/activity/from-config.js";
import { SigningPool } from "../lib/signing/signing-pool.js";
import type { ObjectStore } from "../lib/storage/object-store.js";
import { OidcClient } from "./auth/oidc.js";
import { UserStore } from "./auth/user-store.js";
import type { PortalDeps } from "./deps.js";
import { keyStatusFrom } from "./keys-status.js";
import type { Logger } from "./logger.js";
import { createMailer } from "../lib/mail/create-mailer.js";
import { SendLimiter } from "../lib/mail/send-limit.js";
import { createFileRequests } from "../lib/requests/create-requests.js";
import { acceptScanned } from "../lib/requests/accept-scanned.js";
import { MailSettingsStore } from "../lib/delivery/mail-settings.js";
import { createScanning } from "../lib/scanning/from-config.js";
import { adminAddresses } from "./admin-addresses.js";

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

/** The origin of the presigned part URLs browsers upload to: the custom endpoint (path-style), or the bucket's virtual host. */
function bucketOrigin(config: Extract<Config, { mode: "aws" }>): string {
  if (config.endpoint) return new URL(config.endpoint).origin;
  return `https://${config.bucket}.s3.${config.region ?? "us-east-1"}.amazonaws.com`;
}

/** The portal's dependencies for a configuration: the same wiring for `npm run portal` and local mode. */
export function composePortal(config: Config, parts: PortalParts): PortalDeps {
  const bootstrapPublicKeyId = config.mode === "aws" ? config.bootstrapPublicKeyId : undefined;
  const keys = createKeyProvider({ store: parts.keyStore, clock: parts.clock, ...(bootstrapPublicKeyId ? { bootstrapPublicKeyId } : {}) });
  const users = new UserStore(parts.store, parts.clock);
  const mailer = createMailer(config, { store: parts.store, clock: parts.clock });
  // Scans start as files are stored (in the background here), and an infected file is reported to the admins once.
  const scanning = createScanning(config, {
    store: parts.store,
    clock: parts.clock,
    mailer,
    adminAddresses: adminAddresses(users, new MailSettingsStore(parts.store, parts.clock)),
    log: (message) => parts.logger.warn({ event: "scan-problem", message }),
  });
  const publishing = createPublishing(config, { clock: parts.clock, store: parts.store, scanning });
  const { portal } = config;
  const activity = createActivitySource(config, { store: parts.store, records: publishing.records, catalog: publishing.catalog, clock: parts.clock });
  const uploadOrigin = config.mode === "aws" ? bucketOrigin(config) : undefined;
  const requests = createFileRequests(config, {
    store: parts.store,
    clock: parts.clock,
    records: publishing.records,
    catalog: publishing.catalog,
    signingKey: () => keys.current(),
    ...(uploadOrigin ? { uploadOrigin } : {}),
    mailer,
    // Scan, then accept: a received file moves under received/ only when scanned clean (at once with scanning off).
    accept: acceptScanned(scanning, parts.store),
    ...(portal.url ? { portalUrl: portal.url } : {}),
    ...(portal.senderName ? { senderName: portal.senderName } : {}),
    onEvent: (event) => parts.logger.info({ event: event.event, requestId: event.requestId, client: event.client, by: `request:${event.requestId}`, ...event.details }),
    log: (fields) => parts.logger.warn(fields),
  });
  return {
    store: parts.store,
    users,
    files: createClientFiles(config, parts.store, parts.clock, scanning),
    scanning,
    ...(uploadOrigin ? { uploadOrigin } : {}),
    // Worker threads sign the hundreds of URLs of a publication, so page views never wait behind them.
    publisher: publishing.publisher(() => keys.current(), { signUrls: new SigningPool().signUrls }),
    ...(activity ? { activity } : {}),
    keys: keyStatusFrom(parts.keyStore, (id) => resolveKeyPairId(id, bootstrapPublicKeyId)),
    sessionSecret: parts.sessionSecret,
    clock: parts.clock,
    logger: parts.logger,
    ...(portal.oidc && portal.url ? { oidc: new OidcClient({ ...portal.oidc, portalUrl: portal.url }) } : {}),
    secureCookies: parts.httpsOnly === true || (portal.url?.startsWith("https:") ?? false),
    ...(portal.url ? { portalUrl: portal.url } : {}),
    trustProxy: portal.trustProxy,
    ...(portal.senderName ? { senderName: portal.senderName } : {}),
    requests,
    delivery: {
      mailer,
      mail: config.mail,
      limiter: new SendLimiter(parts.clock, config.mail.perUserPerHour),
    },
  };
}
