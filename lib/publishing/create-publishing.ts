import { BrandStore } from "../brand/brand-store.js";
import { clientLook } from "../delivery/client-look.js";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { SigningKey } from "../signing/signer.js";
import type { BulkSigner } from "../signing/signing-pool.js";
import { createStore } from "../storage/create-store.js";
import type { ObjectStore } from "../storage/object-store.js";
import { ClientProfiles } from "../files/client-profiles.js";
import { Catalog } from "./catalog.js";
import { CloudFrontInvalidator, type Invalidator } from "../links/invalidator.js";
import { LinkRecords } from "../links/link-records.js";
import { Publisher } from "./publisher.js";
import type { DenyList } from "../revocation/deny-list.js";
import { createDenyList } from "../revocation/from-config.js";
import { createScanning } from "../scanning/from-config.js";
import type { Scanning } from "../scanning/scanning.js";

export interface Publishing {
  store: ObjectStore;
  catalog: Catalog;
  records: LinkRecords;
  invalidator?: Invalidator;
  /** The edge's revocation list (local file or KeyValueStore); absent for a stack without the guard. */
  denyList?: DenyList;
  /** Malware scanning (docs/scanning.md): every publisher leaves off the files that are not scanned clean. */
  scanning: Scanning;
  /** `signUrls`: sign per-file batches elsewhere (a SigningPool, so a server's event loop stays free). */
  publisher(signingKey: () => Promise<SigningKey>, options?: { signUrls?: BulkSigner }): Publisher;
}

/**
 * Catalog, link records and publisher for a configuration, sharing one store and, when a
 * distribution id is configured, one CloudFront client for invalidations.
 */
export function createPublishing(
  config: Config,
  deps: { clock: Clock; store?: ObjectStore; invalidator?: Invalidator; denyList?: DenyList; scanning?: Scanning; onDamaged?: (key: string, problem: string) => void },
): Publishing {
  const store = deps.store ?? createStore(config);
  const profiles = new ClientProfiles(store, deps.clock);
  const invalidator =
    deps.invalidator ??
    (config.mode === "aws" && config.distributionId
      ? new CloudFrontInvalidator(new CloudFrontClient({ region: "us-east-1" }), config.distributionId) // CloudFront's API lives in us-east-1
      : undefined);
  const denyList = deps.denyList ?? createDenyList(config);
  // Never without the configured scanner: a caller that passes none still publishes clean files only (alerts need a mailer: pass one in).
  const scanning = deps.scanning ?? createScanning(config, { store, clock: deps.clock });
  return {
    scanning,
    store,
    catalog: new Catalog(store, config.prefix),
    records: new LinkRecords({ store, clock: deps.clock, ...(invalidator ? { invalidator } : {}), ...(denyList ? { denyList } : {}), ...(deps.onDamaged ? { onDamaged: deps.onDamaged } : {}) }),
    ...(invalidator ? { invalidator } : {}),
    ...(denyList ? { denyList } : {}),
    publisher: (signingKey, options = {}) =>
      new Publisher({
        ...options,
        store,
        prefix: config.prefix,
        publicUrl: config.publicUrl,
        signingKey,
        clock: deps.clock,
        maxExpiryMs: config.maxExpiryMs,
        ipv6Enabled: config.ipv6Enabled,
        hashAlgorithm: config.hashAlgorithm,
        ...(invalidator ? { invalidator } : {}),
        ...(denyList ? { denyList } : {}),
        displayName: async (client) => (await profiles.get(client))?.displayName,
        look: (client) => clientLook({ brand: new BrandStore(store, deps.clock), profiles }, client),
        ...(scanning.enabled ? { scanStatuses: (keys: readonly string[]) => scanning.statuses(keys) } : {}),
      }),
  };
}
