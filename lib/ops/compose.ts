import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createActivitySource } from "../activity/from-config.js";
import type { LogActivitySource } from "../activity/link-activity-source.js";
import { BrandStore } from "../brand/brand-store.js";
import { MailSettingsStore } from "../delivery/mail-settings.js";
import { ShareError } from "../errors.js";
import type { ClientFiles } from "../files/client-files.js";
import { ClientProfiles } from "../files/client-profiles.js";
import { createClientFiles } from "../files/create-client-files.js";
import { createKeyStore } from "../keys/from-config.js";
import { createKeyProvider, type KeyProvider } from "../keys/key-provider.js";
import { createKeyRotation, type KeyRotation } from "../keys/rotation/from-config.js";
import { NoActiveKeyError, type KeyStore } from "../keys/key-store.js";
import type { Invalidator } from "../links/invalidator.js";
import { createMailer } from "../mail/create-mailer.js";
import type { Mailer } from "../mail/mailer.js";
import { SendLimiter } from "../mail/send-limit.js";
import { createPublishing } from "../publishing/create-publishing.js";
import { acceptScanned } from "../requests/accept-scanned.js";
import { createFileRequests, type FileRequestServices } from "../requests/create-requests.js";
import type { UploadEvent } from "../requests/request-uploads.js";
import type { DenyList } from "../revocation/deny-list.js";
import type { SigningKey } from "../signing/signer.js";
import type { BulkSigner } from "../signing/signing-pool.js";
import { createStore } from "../storage/create-store.js";
import { ApiTokens } from "../tokens/api-tokens.js";
import { createScanning } from "../scanning/from-config.js";
import type { Scanning } from "../scanning/scanning.js";
import type { ObjectStore } from "../storage/object-store.js";
import { AuditLog } from "../audit/audit-log.js";
import { SsoUsers } from "../users/sso-users.js";
import { UserStore } from "../users/user-store.js";
import { NO_GATE, type AuditTrail, type Services, type WorkGate } from "./services.js";

/** What a door brings to the composition; everything else comes from the configuration. */
export interface ServiceParts {
  clock: Clock;
  /** The store the rest of the process uses (default: the configured bucket or data directory). */
  store?: ObjectStore;
  /** Where the signing key lives (default: the configured key store); the portal passes the one its keys page shows. */
  keyStore?: KeyStore;
  /** A fixed signing key instead of the key store's (benchmarks, tests). */
  signingKey?: () => Promise<SigningKey>;
  /** Signs per-file batches elsewhere (the portal's worker-thread pool). */
  signUrls?: BulkSigner;
  /** Also told of every audit entry (the portal logs each as a JSON line); the trail in the store is always written. */
  auditAlso?: AuditTrail;
  /** The local accounts (default: in the store); the portal passes the one its sign-in uses. */
  users?: UserStore;
  gate?: WorkGate;
  /** The admin accounts' e-mail addresses, for infected-file alerts when SHARE_SCAN_ALERTS_TO is empty. */
  adminAddresses?: () => Promise<string[]>;
  /** Where background work (scans) reports a problem. */
  log?: (message: string) => void;
  /** Tests: stand-ins for what the configuration would create; null leaves it out. */
  scanning?: Scanning;
  invalidator?: Invalidator;
  denyList?: DenyList;
  activity?: LogActivitySource | null;
  keyRotation?: KeyRotation;
  mailer?: Mailer | null;
  files?: ClientFiles | null;
  requests?: FileRequestServices | null;
  /** Where file requests' upload events go (the portal's log, which `links activity` does not need: the ledger has them). */
  onRequestEvent?: (event: UploadEvent) => void;
  /** Where problems of e-mail about file requests are reported. */
  logFields?: (fields: Record<string, string | number | boolean>) => void;
}

/** The origin of the presigned part URLs browsers upload to: the custom endpoint (path-style), or the bucket's virtual host. */
export function bucketOrigin(config: Extract<Config, { mode: "aws" }>): string {
  if (config.endpoint) return new URL(config.endpoint).origin;
  return `https://${config.bucket}.s3.${config.region ?? "us-east-1"}.amazonaws.com`;
}

/**
 * The one composition root of the operations' services: the portal (`npm run portal`, local mode),
 * the Lambda handler and the CLI all build their services here from the validated configuration.
 * Nothing is opened that an operation does not use: the signing key is read on the first signature.
 */
export function createServices(config: Config, parts: ServiceParts): Services & { keys: KeyProvider; close(): Promise<void> } {
  const store = parts.store ?? createStore(config);
  const mailer = parts.mailer === null ? undefined : (parts.mailer ?? createMailer(config, { store, clock: parts.clock }));
  // Scans start as files are stored; an infected file is reported to the admins once (docs/scanning.md).
  const scanning =
    parts.scanning ??
    createScanning(config, {
      store,
      clock: parts.clock,
      ...(mailer ? { mailer } : {}),
      ...(parts.adminAddresses ? { adminAddresses: parts.adminAddresses } : {}),
      ...(parts.log ? { log: parts.log } : {}),
    });
  const publishing = createPublishing(config, {
    clock: parts.clock,
    store,
    scanning,
    ...(parts.invalidator ? { invalidator: parts.invalidator } : {}),
    ...(parts.denyList ? { denyList: parts.denyList } : {}),
    // A damaged link record is left out of listings; the log says which, so someone can mend it.
    ...(parts.logFields ? { onDamaged: (key: string, problem: string) => parts.logFields!({ event: "damaged-link-record", key, problem }) } : {}),
  });
  const keys = keyProvider(config, parts);
  const publisher = publishing.publisher(parts.signingKey ?? (() => keys.current()), parts.signUrls ? { signUrls: parts.signUrls } : {});
  const activity = parts.activity === null ? undefined : (parts.activity ?? createActivitySource(config, { store, records: publishing.records, clock: parts.clock }));
  // The audit trail (docs/audit.md): every state change an operation makes, whichever door ran it.
  const auditLog = new AuditLog(store, parts.clock, config.portal.auditAddress);
  const files = parts.files === null ? undefined : (parts.files ?? createClientFiles(config, store, parts.clock, scanning));
  const signingKey = parts.signingKey ?? (() => keys.current());
  const requests =
    parts.requests === null
      ? undefined
      : (parts.requests ??
        createFileRequests(config, {
          store,
          clock: parts.clock,
          records: publishing.records,
          catalog: publishing.catalog,
          signingKey,
          ...(config.mode === "aws" ? { uploadOrigin: bucketOrigin(config) } : {}),
          ...(mailer ? { mailer } : {}),
          // Scan, then accept: a received file moves under received/ only when scanned clean (at once with scanning off).
          accept: acceptScanned(scanning, store),
          ...(config.portal.url ? { portalUrl: config.portal.url } : {}),
          ...(parts.onRequestEvent ? { onEvent: parts.onRequestEvent } : {}),
          ...(parts.logFields ? { log: parts.logFields } : {}),
        }));
  return {
    clock: parts.clock,
    store,
    settings: { prefix: config.prefix, maxExpiryMs: config.maxExpiryMs, ipv6Enabled: config.ipv6Enabled, mail: config.mail, ...(config.portal.url ? { portalUrl: config.portal.url } : {}) },
    catalog: publishing.catalog,
    records: publishing.records,
    publisher,
    ...(publishing.invalidator ? { invalidator: publishing.invalidator } : {}),
    ...(publishing.denyList ? { denyList: publishing.denyList } : {}),
    ...(activity ? { activity } : {}),
    profiles: new ClientProfiles(store, parts.clock),
    ...(files ? { files } : {}),
    ...(mailer ? { mailer } : {}),
    mailSettings: new MailSettingsStore(store, parts.clock),
    brand: new BrandStore(store, parts.clock),
    scanning,
    sendLimiter: new SendLimiter(parts.clock, config.mail.perUserPerHour),
    ...(requests ? { requests } : {}),
    tokens: new ApiTokens(store, parts.clock),
    audit: parts.auditAlso ? bothTrails(auditLog, parts.auditAlso) : auditLog,
    auditLog,
    users: parts.users ?? new UserStore(store, parts.clock),
    ssoUsers: new SsoUsers(store, parts.clock),
    gate: parts.gate ?? NO_GATE,
    keyRotation: parts.keyRotation ?? createKeyRotation(config, { store, ...(publishing.denyList ? { denyList: publishing.denyList } : {}), ...(parts.keyStore ? { keyStore: parts.keyStore } : {}) }),
    keys,
    /** Lets a short-lived process end: waits for scans started in the background, then closes the mail transport. */
    close: async () => {
      await scanning.idle();
      mailer?.close();
    },
  };
}

/**
 * The configured key store's active key, re-read as rotations change it. A key file named by the
 * configuration that cannot be read is a configuration problem (bad-input), as is an empty store.
 */
function keyProvider(config: Config, parts: ServiceParts): KeyProvider {
  const signing = config.signingKey;
  let provider: KeyProvider | undefined;
  // Created on first use: commands that never sign (links list) need no key store, nor its configuration.
  const open = () =>
    (provider ??= createKeyProvider({
      store:
        parts.keyStore ??
        createKeyStore(config, signing.store === "secretsmanager" ? { secretsManager: new SecretsManagerClient(config.mode === "aws" && config.region ? { region: config.region } : {}) } : {}),
      clock: parts.clock,
      ...(config.mode === "aws" && config.bootstrapPublicKeyId ? { bootstrapPublicKeyId: config.bootstrapPublicKeyId } : {}),
    }));
  const configuredFile = signing.store === "local" && signing.privateKeyPath !== undefined;
  const explained = <T>(read: () => Promise<T>) => async (): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ShareError) throw error;
      // Nothing to sign with yet: what issuing needs is not set up (keys:init).
      if (error instanceof NoActiveKeyError) throw new ShareError("unavailable", error.message, { cause: error });
      if (configuredFile) throw new ShareError("bad-input", (error as Error).message, { cause: error });
      throw error;
    }
  };
  return { current: explained(() => open().current()), refresh: explained(() => open().refresh()) };
}

/** Writes each entry to the trail, then tells the other (the portal's log lines). */
function bothTrails(trail: AuditTrail, also: AuditTrail): AuditTrail {
  return {
    async record(entry) {
      await trail.record(entry);
      await also.record(entry);
    },
  };
}
