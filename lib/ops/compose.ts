import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createActivitySource } from "../activity/from-config.js";
import type { LogActivitySource } from "../activity/link-activity-source.js";
import { MailSettingsStore } from "../delivery/mail-settings.js";
import { ShareError } from "../errors.js";
import type { ClientFiles } from "../files/client-files.js";
import { ClientProfiles } from "../files/client-profiles.js";
import { createClientFiles } from "../files/create-client-files.js";
import { createKeyStore } from "../keys/from-config.js";
import { createKeyProvider, type KeyProvider } from "../keys/key-provider.js";
import { NoActiveKeyError, type KeyStore } from "../keys/key-store.js";
import type { Invalidator } from "../links/invalidator.js";
import { createMailer } from "../mail/create-mailer.js";
import type { Mailer } from "../mail/mailer.js";
import { SendLimiter } from "../mail/send-limit.js";
import { createPublishing } from "../publishing/create-publishing.js";
import type { DenyList } from "../revocation/deny-list.js";
import type { SigningKey } from "../signing/signer.js";
import type { BulkSigner } from "../signing/signing-pool.js";
import { createStore } from "../storage/create-store.js";
import { ApiTokens } from "../tokens/api-tokens.js";
import { createScanning } from "../scanning/from-config.js";
import type { Scanning } from "../scanning/scanning.js";
import type { ObjectStore } from "../storage/object-store.js";
import { NO_AUDIT, NO_GATE, type AuditTrail, type Services, type WorkGate } from "./services.js";

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
  audit?: AuditTrail;
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
  mailer?: Mailer | null;
  files?: ClientFiles | null;
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
  });
  const keys = keyProvider(config, parts);
  const publisher = publishing.publisher(parts.signingKey ?? (() => keys.current()), parts.signUrls ? { signUrls: parts.signUrls } : {});
  const activity = parts.activity === null ? undefined : (parts.activity ?? createActivitySource(config, { store, records: publishing.records, clock: parts.clock }));
  const files = parts.files === null ? undefined : (parts.files ?? createClientFiles(config, store, parts.clock, scanning));
  return {
    clock: parts.clock,
    store,
    settings: { prefix: config.prefix, maxExpiryMs: config.maxExpiryMs, ipv6Enabled: config.ipv6Enabled, mail: config.mail },
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
    scanning,
    sendLimiter: new SendLimiter(parts.clock, config.mail.perUserPerHour),
    tokens: new ApiTokens(store, parts.clock),
    audit: parts.audit ?? NO_AUDIT,
    gate: parts.gate ?? NO_GATE,
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
