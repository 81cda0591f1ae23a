import type { Clock } from "../../lib/clock.js";
import { loadConfig } from "../../lib/config.js";
import { createServices } from "../../lib/ops/compose.js";
import type { SigningKey } from "../../lib/signing/signer.js";
import type { SigningPool } from "../../lib/signing/signing-pool.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import type { UserStore } from "../../lib/users/user-store.js";
import { createApp } from "../../portal/app.js";
import { quietLogger } from "../../portal/logger.js";
import { PublishGate } from "../../portal/sharing/publish-gate.js";


export interface BenchPortalOptions {
  store: ObjectStore;
  /** SHARE_DATA_DIR: where the local edge's access log is (download activity on, as in local mode). */
  dataDir: string;
  publicUrl: string;
  prefix: string;
  key: SigningKey;
  users: UserStore;
  clock: Clock;
  /** Per-file signatures on the signing pool's workers, as the portal makes them; without it, in this thread. */
  pool?: SigningPool;
  /** The portal's listing cache (default: the portal's); 0 reads afresh for every page. */
  listingCacheMs?: number;
}

/**
 * The portal app the benches load, composed as the portal composes it (portal/compose.ts): download
 * activity on (the local edge's log), up to 8 publications at once, no e-mail, no file uploads, quiet.
 */
export function benchPortalApp(options: BenchPortalOptions): ReturnType<typeof createApp> {
  const config = loadConfig({ env: { SHARE_DATA_DIR: options.dataDir, SHARE_PUBLIC_URL: options.publicUrl, SHARE_PREFIX: options.prefix } });
  const { store, clock, key, pool } = options;
  const services = createServices(config, { clock, store, signingKey: async () => key, ...(pool ? { signUrls: pool.signUrls } : {}), gate: new PublishGate(8), mailer: null, files: null });
  return createApp({
    services,
    users: options.users,
    sessionSecret: "bench-session-secret-0123456789abcdef",
    clock,
    logger: quietLogger,
    secureCookies: false,
    ...(options.listingCacheMs !== undefined ? { listingCacheMs: options.listingCacheMs } : {}),
  });
}
