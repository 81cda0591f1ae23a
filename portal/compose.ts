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
  const publishing = createPublishing(config, { clock: parts.clock, store: parts.store });
  const { portal } = config;
  const activity = createActivitySource(config, { store: parts.store, records: publishing.records, clock: parts.clock });
  return {
    store: parts.store,
    users: new UserStore(parts.store, parts.clock),
    files: createClientFiles(config, parts.store, parts.clock),
    ...(config.mode === "aws" ? { uploadOrigin: bucketOrigin(config) } : {}),
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
    delivery: {
      mailer: createMailer(config, { store: parts.store, clock: parts.clock }),
      mail: config.mail,
      limiter: new SendLimiter(parts.clock, config.mail.perUserPerHour),
    },
  };
}
