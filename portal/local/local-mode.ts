import { systemClock, type Clock } from "../../lib/clock.js";
import type { LocalConfig } from "../../lib/config.js";
import { deniedPageHtml } from "../../lib/edge/denied-page.js";
import type { EdgeLogEntry } from "../../lib/edge/edge-handler.js";
import { EdgeAccessLog, pruneLocalLogs } from "../../lib/edge/access-log.js";
import { edgeGuard } from "../../lib/edge/guard/edge-guard.js";
import { startEdge } from "../../lib/edge/edge-server.js";
import { localLogDir } from "../../lib/activity/from-config.js";
import { requestAddress } from "../../lib/net/request-address.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { forgetLocalMode, recordLocalMode } from "../../lib/local-mode-state.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalTrustedKeys } from "../../lib/keys/local-trusted-keys.js";
import { LocalDenyList } from "../../lib/revocation/local-deny-list.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { secureDataDir, type DataDirSweep } from "../../lib/storage/secure-data-dir.js";
import { createApp } from "../app.js";
import { UserStore } from "../../lib/users/user-store.js";
import { composePortal } from "../compose.js";
import type { Logger } from "../logger.js";
import { startPortal } from "../server.js";
import { createScanning } from "../../lib/scanning/from-config.js";
import { edgeScanRule } from "../../lib/scanning/edge-scan-rule.js";
import { demoFileKeys, seedDemoClients } from "./demo-clients.js";
import { generatedPassword, localSessionSecret } from "./local-secrets.js";

export interface RunningLocalMode {
  portalUrl: string;
  edgeUrl: string;
  dataDir: string;
  /** Set only on the start that created the admin account with a generated password: show it once. */
  adminPassword?: string;
  /** What this start created: demo folders, the signing key, the admin account. */
  created: { demoClients: boolean; signingKey: boolean; admin: boolean };
  keyPairId: string;
  close(): Promise<void>;
}

/** The edge's listening URL as links name it: "localhost" for the IPv4 loopback, as the README shows. */
const localhostUrl = (listening: string) => listening.replace("//127.0.0.1:", "//localhost:");

export interface LocalModeOptions {
  clock?: Clock;
  logger: Logger;
  /** Interface for both servers; loopback unless told otherwise. */
  host?: string;
}

/**
 * Local mode (docs/architecture.md#local-mode): storage in the data directory, a signing key generated on first
 * start, demo client folders, an admin account, the local edge and the portal. Restarting keeps everything.
 */
export async function startLocalMode(config: LocalConfig, options: LocalModeOptions): Promise<RunningLocalMode> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? config.portal.host;
  // Before anything listens: the folder (0700 keeps everything below from other users) and the keys.
  // The whole tree follows in the background: walking every client file would hold start-up for seconds.
  const report = (sweep: DataDirSweep) => {
    if (sweep.tightened.length > 0 || sweep.removedTemps.length > 0) {
      options.logger.warn({ event: "data-dir-secured", tightened: sweep.tightened.length, removedTemps: sweep.removedTemps.length, dataDir: config.dataDir });
    }
  };
  report(await secureDataDir(config.dataDir, clock(), { only: ["keys"] }));
  const sweeping = secureDataDir(config.dataDir, clock()).then(report, (error: Error) => options.logger.warn({ event: "data-dir-sweep-failed", error: error.message }));
  const store = new LocalObjectStore(config.dataDir);
  const keysDir = localKeysDir(config.dataDir);

  const demoClients = await seedDemoClients(store, config.prefix);
  const { key, created: signingKey } = await initLocalKeys(keysDir);
  const sessionSecret = config.portal.sessionSecret ?? (await localSessionSecret(keysDir));

  const users = new UserStore(store, clock);
  let adminPassword: string | undefined;
  const admin = (await users.list()).length === 0;
  if (admin) {
    const password = config.portal.adminPassword ?? generatedPassword();
    await users.add("admin", "admin", password);
    if (!config.portal.adminPassword) adminPassword = password;
  }

  // The edge's access log, in CloudFront's format and layout, read by the activity pages (docs/activity.md).
  const logDir = localLogDir(config.dataDir);
  await pruneLocalLogs(logDir, new Date(clock().getTime() - config.activity.retentionMs));
  const accessLog = new EdgeAccessLog({
    dir: logDir,
    clock,
    retentionMs: config.activity.retentionMs,
    onError: (error) => options.logger.warn({ event: "edge-access-log-failed", error: error.message }),
  });
  const revocations = LocalDenyList.forDataDir(config.dataDir);
  // The files host forwards file requests' upload API to the portal, as CloudFront's behaviour does (known once the portal listens).
  let portalOrigin: string | undefined;
  const edgeLog = (entry: EdgeLogEntry) => (entry.status >= 400 ? options.logger.warn : options.logger.info)({ event: "edge", ...entry });
  const edge = await startEdge(
    {
      store,
      originPrefix: config.prefix,
      trustedKey: new LocalTrustedKeys(keysDir, clock).trustedKey,
      clock,
      errorPage: deniedPageHtml(),
      log: edgeLog,
      accessLog,
      // Behind a reverse proxy you run (EDGE_TRUST_PROXY), the viewer is the address it forwards: for IP-range checks and the log.
      viewerIp: (req) => requestAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.portal.edgeTrustProxy) ?? "",
      // The same guard function CloudFront runs, reading the revocation list that revoking writes.
      // SHARE_LEGACY_LINKS_UNTIL: the stack's legacyLinksUntil, locally (docs/deploy.md#upgrading-a-stack-with-live-links).
      guard: edgeGuard({ exists: (linkId) => revocations.has(linkId) }, config.legacyLinksUntil ? { legacyLinksUntil: config.legacyLinksUntil } : {}, clock),
      // The bucket policy's malware-scan condition (docs/scanning.md): with SHARE_SCANNER set, client files are served only when scanned clean.
      scanRule: edgeScanRule(createScanning(config, { store, clock }), config.prefix),
      // Links name the configured public URL; with EDGE_PORT=0 the port is known only once the edge listens.
      publicOrigin: (listening) => (config.portal.edgePort === 0 ? localhostUrl(listening) : new URL(config.publicUrl).origin),
      requestApiOrigin: () => portalOrigin,
    },
    config.portal.edgePort,
    host,
  );
  const edgeUrl = config.portal.edgePort === 0 ? localhostUrl(edge.url) : config.publicUrl;
  const linkConfig: LocalConfig = { ...config, publicUrl: edgeUrl };

  const deps = composePortal(linkConfig, { store, keyStore: new LocalKeyStore(keysDir), sessionSecret, clock, logger: options.logger });
  // The demo files were stored by this start: their scans start now, like any upload's.
  if (demoClients) for (const key of demoFileKeys(config.prefix)) void deps.services.scanning.scanStored(key);
  let closePortal;
  try {
    closePortal = await startPortal(createApp(deps), config.portal.port, host);
  } catch (error) {
    await edge.close();
    throw error;
  }
  const portalUrl = `http://localhost:${closePortal.port}`;
  portalOrigin = `http://${host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host}:${closePortal.port}`;
  await recordLocalMode(config.dataDir, { startedAt: clock().toISOString(), portalUrl, edgeUrl });
  return {
    portalUrl,
    edgeUrl,
    dataDir: config.dataDir,
    ...(adminPassword ? { adminPassword } : {}),
    created: { demoClients, signingKey, admin },
    keyPairId: key.keyPairId,
    close: async () => {
      await forgetLocalMode(config.dataDir);
      await closePortal();
      await deps.services.scanning.idle();
      await edge.close();
      await accessLog.flushed();
      await sweeping;
    },
  };
}
