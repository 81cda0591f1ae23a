import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { BrandStore } from "../brand/brand-store.js";
import { clientLook } from "../delivery/client-look.js";
import { MailSettingsStore } from "../delivery/mail-settings.js";
import { ClientProfiles } from "../files/client-profiles.js";
import { multipartFor } from "../files/create-client-files.js";
import { localKeysDir } from "../keys/local-key-store.js";
import { LocalTrustedKeys } from "../keys/local-trusted-keys.js";
import { CloudFrontTrustedKeys, fixedTrustedKeys, type TrustedPublicKeys } from "../keys/trusted-public-keys.js";
import type { Mailer } from "../mail/mailer.js";
import type { Catalog } from "../publishing/catalog.js";
import type { LinkRecords } from "../links/link-records.js";
import { LocalDenyList } from "../revocation/local-deny-list.js";
import type { SigningKey } from "../signing/signer.js";
import { moverFor } from "../storage/move-object.js";
import type { ObjectStore } from "../storage/object-store.js";
import { FileRequests } from "./file-requests.js";
import { RequestNotices } from "./notices.js";
import { RequestUploads, type AcceptReceived, type UploadEvent } from "./request-uploads.js";

export interface FileRequestParts {
  store: ObjectStore;
  clock: Clock;
  records: LinkRecords;
  catalog: Catalog;
  signingKey: () => Promise<SigningKey>;
  /** Where browsers send parts when not to the files host: the bucket's origin in AWS mode. */
  uploadOrigin?: string;
  mailer?: Mailer;
  portalUrl?: string;
  senderName?: string;
  /** Scan, then accept (the scanning service's acceptWhenClean); default: accept at once. */
  accept?: AcceptReceived;
  onEvent?: (event: UploadEvent) => void | Promise<void>;
  log?: (fields: Record<string, string | number | boolean>) => void;
  /** Tests: the key group's public keys instead of the configured ones. */
  keys?: TrustedPublicKeys;
}

export interface FileRequestServices {
  requests: FileRequests;
  uploads: RequestUploads;
  /** The key group's public keys the upload API checks links with; absent when the configuration does not say which group (no SHARE_KEY_GROUP_ID). */
  keys?: TrustedPublicKeys;
}

/** The key group as the configuration names it: the local edge's trusted.json, or CloudFront's group. */
export function trustedKeysFor(config: Config, clock: Clock): TrustedPublicKeys | undefined {
  if (config.mode === "local") return fixedTrustedKeys(new LocalTrustedKeys(localKeysDir(config.dataDir), clock).trustedKey);
  if (!config.keyGroupId) return undefined;
  // CloudFront's API lives in us-east-1.
  return new CloudFrontTrustedKeys(new CloudFrontClient({ region: "us-east-1" }), clock, { keyGroupId: config.keyGroupId });
}

/** File requests and their upload API's work for a configuration (docs/requests.md), on the store the rest of the process uses. */
export function createFileRequests(config: Config, parts: FileRequestParts): FileRequestServices {
  const profiles = new ClientProfiles(parts.store, parts.clock);
  const look = (client: string) => clientLook({ brand: new BrandStore(parts.store, parts.clock), profiles }, client);
  const requests = new FileRequests({
    store: parts.store,
    records: parts.records,
    catalog: parts.catalog,
    prefix: config.prefix,
    publicUrl: config.publicUrl,
    signingKey: parts.signingKey,
    clock: parts.clock,
    maxExpiryMs: config.maxExpiryMs,
    maxFileSize: config.maxFileSize,
    hashAlgorithm: config.hashAlgorithm,
    ...(parts.uploadOrigin ? { uploadOrigin: parts.uploadOrigin } : {}),
    displayName: async (client) => (await profiles.get(client))?.displayName,
    look,
    ...(parts.senderName ?? config.mail.senderName ? { senderName: parts.senderName ?? config.mail.senderName } : {}),
  });
  const denyList = config.mode === "local" ? LocalDenyList.forDataDir(config.dataDir) : undefined;
  const uploads = new RequestUploads({
    requests,
    store: parts.store,
    multipart: multipartFor(parts.store, parts.clock),
    mover: moverFor(parts.store),
    clock: parts.clock,
    prefix: config.prefix,
    ...(denyList ? { isRevoked: (id: string) => denyList.has(id) } : {}),
    ...(parts.accept ? { accept: parts.accept } : {}),
    ...(parts.onEvent ? { onEvent: parts.onEvent } : {}),
    ...(parts.mailer
      ? {
          notices: new RequestNotices({
            mailer: parts.mailer,
            mail: config.mail,
            settings: new MailSettingsStore(parts.store, parts.clock),
            store: parts.store,
            clock: parts.clock,
            ...(parts.portalUrl ? { portalUrl: parts.portalUrl } : {}),
            ...(parts.senderName ? { senderName: parts.senderName } : {}),
            look,
            ...(parts.log ? { log: parts.log } : {}),
          }),
        }
      : {}),
  });
  const keys = parts.keys ?? trustedKeysFor(config, parts.clock);
  return { requests, uploads, ...(keys ? { keys } : {}) };
}
