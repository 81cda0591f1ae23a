// legacyLinksUntil (docs/deploy.md#upgrading-a-stack-with-live-links): the guard file run by the local edge
// over HTTP, with requests with and without `l`, before and after the instant. Until then a request
// without `l` passes the guard and its signature alone decides; a revoked `l` is refused throughout.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { startLocalMode } from "../../portal/local/local-mode.js";
import { edgeGuard } from "../../lib/edge/guard/edge-guard.js";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { signingQuery, withQuery } from "../../lib/signing/signer.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

const T0 = new Date("2026-03-01T12:00:00Z");
const UNTIL = new Date("2026-03-10T00:00:00Z");
const EXPIRES = new Date("2026-04-01T00:00:00Z");
const LIVE = "liveLiveLiveLiveLive_-";
const REVOKED = "revokedRevokedRevoked1";

describe("the local edge with legacyLinksUntil", () => {
  let dir: string;
  let now = T0;
  const edges: RunningEdge[] = [];

  const start = async (settings: { legacyLinksUntil?: Date }) => {
    const store = new LocalObjectStore(dir);
    const guard = edgeGuard({ exists: async (id) => id === REVOKED }, settings, () => now);
    const edge = await startEdge({ store, originPrefix: "client_files", trustedKey: (id) => trustedPublicKeys.get(id), clock: () => now, guard }, 0);
    edges.push(edge);
    return edge;
  };
  /** A URL signed the way links were before link ids (no `l`), or with `l=<id>` as every link is now. */
  const signed = (edge: RunningEdge, path: string, linkId?: string, resource?: string) => {
    const url = linkId === undefined ? `${edge.url}${path}` : `${edge.url}${path}?l=${linkId}`;
    return withQuery(url, signingQuery(url, rsaSigningKey, { dateLessThan: EXPIRES, ...(resource ? { resource: `${edge.url}${resource}` } : {}) }));
  };
  const get = async (url: string) => {
    const response = await fetch(url);
    await response.arrayBuffer();
    return { status: response.status, reason: response.headers.get("x-deny-reason") };
  };

  let withSetting: RunningEdge;
  let without: RunningEdge;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "legacy-links-"));
    await new LocalObjectStore(dir).put("client_files/acme/old.pdf", "%PDF old\n");
    withSetting = await start({ legacyLinksUntil: UNTIL });
    without = await start({});
  });
  afterAll(async () => {
    for (const edge of edges) await edge.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("before it: a URL without l is served (canned and folder policy); with l the guard decides as always", async () => {
    now = T0;
    expect(await get(signed(withSetting, "/acme/old.pdf"))).toEqual({ status: 200, reason: null });
    expect(await get(signed(withSetting, "/acme/old.pdf", undefined, "/acme/*"))).toEqual({ status: 200, reason: null });
    expect(await get(signed(withSetting, "/acme/old.pdf", LIVE))).toEqual({ status: 200, reason: null });
    expect(await get(signed(withSetting, "/acme/old.pdf", REVOKED))).toEqual({ status: 403, reason: "guard" });
    expect((await get(signed(withSetting, "/acme/old.pdf", "short"))).status).toBe(403);
  });

  it("before it: a URL without l whose signature is wrong is still refused (by its signature)", async () => {
    now = T0;
    const tampered = signed(withSetting, "/acme/old.pdf").replace(/Signature=./, (m) => (m.endsWith("A") ? `${m.slice(0, -1)}B` : `${m.slice(0, -1)}A`));
    const refused = await get(tampered);
    expect(refused.status).toBe(403);
    expect(refused.reason).not.toBe("guard");
  });

  it("from the instant on: a URL without l is refused by the guard; with l nothing changes", async () => {
    for (const at of [UNTIL, new Date(UNTIL.getTime() + 1000)]) {
      now = at;
      expect(await get(signed(withSetting, "/acme/old.pdf")), at.toISOString()).toEqual({ status: 403, reason: "guard" });
      expect(await get(signed(withSetting, "/acme/old.pdf", LIVE))).toEqual({ status: 200, reason: null });
      expect(await get(signed(withSetting, "/acme/old.pdf", REVOKED))).toEqual({ status: 403, reason: "guard" });
    }
    now = new Date(UNTIL.getTime() - 1);
    expect(await get(signed(withSetting, "/acme/old.pdf"))).toEqual({ status: 200, reason: null });
  });

  it("without the setting a URL without l is refused at any time, as before", async () => {
    now = T0;
    expect(await get(signed(without, "/acme/old.pdf"))).toEqual({ status: 403, reason: "guard" });
    expect(await get(signed(without, "/acme/old.pdf", LIVE))).toEqual({ status: 200, reason: null });
  });
});

describe("SHARE_LEGACY_LINKS_UNTIL (local mode's setting)", () => {
  it("is read as an instant for the local edge", () => {
    const config = loadConfig({ env: { SHARE_DATA_DIR: "/tmp/unused", SHARE_LEGACY_LINKS_UNTIL: "2026-03-10T01:00:00+01:00" } });
    expect(config.mode === "local" && config.legacyLinksUntil).toEqual(UNTIL);
  });

  it("is refused when it is no instant with a zone, and in AWS mode, where the stack setting is the one", () => {
    expect(() => loadConfig({ env: { SHARE_LEGACY_LINKS_UNTIL: "2026-03-10" } })).toThrow(/SHARE_LEGACY_LINKS_UNTIL must be an ISO 8601 instant with its zone/);
    expect(() => loadConfig({ env: { SHARE_BUCKET: "files-bucket", SHARE_PUBLIC_URL: "https://files.example.com", SHARE_LEGACY_LINKS_UNTIL: "2026-03-10T00:00:00Z" } })).toThrow(
      /SHARE_LEGACY_LINKS_UNTIL is for the local edge.*signed-share:legacyLinksUntil/,
    );
  });
});

describe("npm start with SHARE_LEGACY_LINKS_UNTIL", () => {
  it("the local edge of local mode lets a URL without l through until then, and refuses it without the setting", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "legacy-local-mode-"));
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const env = { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "correct horse battery staple" };
    try {
      const statusWith = async (extra: Record<string, string>) => {
        const running = await startLocalMode(loadConfig({ env: { ...env, ...extra } }) as LocalConfig, { logger: silent });
        try {
          const { key } = await initLocalKeys(localKeysDir(dataDir));
          const url = `${running.edgeUrl}/acme-corp/README.txt`;
          const signedUrl = withQuery(url, signingQuery(url, { keyPairId: key.keyPairId, privateKey: loadPrivateKey(key.privateKeyPem) }, { dateLessThan: new Date(Date.now() + 3_600_000) }));
          const response = await fetch(signedUrl);
          await response.arrayBuffer();
          return { status: response.status, reason: response.headers.get("x-deny-reason") };
        } finally {
          await running.close();
        }
      };
      expect(await statusWith({ SHARE_LEGACY_LINKS_UNTIL: new Date(Date.now() + 86_400_000).toISOString() })).toEqual({ status: 200, reason: null });
      expect(await statusWith({})).toEqual({ status: 403, reason: "guard" });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
