import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { ClientFiles } from "../../lib/files/client-files.js";
import { LocalMultipart } from "../../lib/files/local-multipart.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { LocalDenyList } from "../../lib/revocation/local-deny-list.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { secureDataDir, TEMP_GRACE_MS } from "../../lib/storage/secure-data-dir.js";
import { startLocalMode } from "../../portal/local/local-mode.js";
import { quietLogger } from "../../portal/logger.js";
import { uploadThroughApi } from "../files/upload-helper.js";
import { OPERATOR, portal, postJson, session, START } from "../portal/fixture.js";
import { UserStore } from "../../lib/users/user-store.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { rsaSigningKey } from "../support/vectors.js";

let parent: string;
let dataDir: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "security-modes-"));
  dataDir = join(parent, "data");
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** Every entry under `dir` (the dir included) whose mode is wider than 0700 for folders or 0600 for files. */
async function tooOpen(dir: string): Promise<string[]> {
  const open: string[] = [];
  const own = await stat(dir);
  if ((own.mode & 0o077) !== 0) open.push(`${dir} ${(own.mode & 0o777).toString(8)}`);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path)).mode & 0o777;
    if (entry.isDirectory() ? (mode & 0o077) !== 0 : (mode & 0o177) !== 0) open.push(`${path} ${mode.toString(8)}`);
  }
  return open;
}

/** Security review finding 8: password hashes, link records and pages were 0644 in 0755 folders. */
describe("local mode's data directory at rest", () => {
  it("local mode creates everything for its owner alone: the folder 0700, every file 0600", async () => {
    const config = loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "local-admin-password-123" } }) as LocalConfig;
    const running = await startLocalMode(config, { logger: quietLogger });
    await running.close();
    expect(existsSync(join(dataDir, "portal", "users", "admin.json"))).toBe(true);
    expect(existsSync(join(dataDir, "keys"))).toBe(true);
    expect(await tooOpen(dataDir)).toEqual([]);
  }, 60_000);

  it("the store writes 0600 files in 0700 folders, whatever the umask allows", async () => {
    const store = new LocalObjectStore(dataDir);
    await store.put("portal/links/acme/x.json", "{}");
    await store.put("client_files/acme/_links/x.html", "<p>page</p>");
    expect(await tooOpen(dataDir)).toEqual([]);
  });

  it("start-up narrows what an older version left open", async () => {
    await mkdir(join(dataDir, "portal", "users"), { recursive: true, mode: 0o755 });
    await writeFile(join(dataDir, "portal", "users", "admin.json"), "{}", { mode: 0o644 });
    await chmod(dataDir, 0o755);
    const sweep = await secureDataDir(dataDir, new Date());
    expect(sweep.tightened.length).toBeGreaterThanOrEqual(3);
    expect(await tooOpen(dataDir)).toEqual([]);
  });
});

/** Security review finding 12: temp files from a crash (holding signed URLs) were never removed. */
describe("temp files a crash left behind", () => {
  it("are removed at start-up once older than the grace period; fresh ones (a write in progress) stay", async () => {
    const store = new LocalObjectStore(dataDir);
    await store.put("portal/links/acme/x.json", "{}");
    const stale = join(dataDir, "portal", "links", "acme", ".~tmp-0123456789ab");
    const staleKey = join(dataDir, "keys", ".active.json.0123456789ab.tmp");
    const fresh = join(dataDir, "portal", "links", "acme", ".~tmp-ba9876543210");
    await mkdir(join(dataDir, "keys"), { recursive: true });
    for (const path of [stale, staleKey, fresh]) await writeFile(path, "https://files.example.com/acme/_links/x.html?Signature=...");
    const old = new Date(Date.now() - TEMP_GRACE_MS - 60_000);
    await utimes(stale, old, old);
    await utimes(staleKey, old, old);

    const sweep = await secureDataDir(dataDir, new Date());
    expect(sweep.removedTemps.sort()).toEqual([staleKey, stale].sort());
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(staleKey)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});

/** Issue 16, item 12: an old private key left on disk after a local rotation is removed (by decision). */
describe("a retired local key", () => {
  it("loses its private key file when the rotation deletes its public key; its metadata stays as history", async () => {
    const { LocalKeyStore } = await import("../../lib/keys/local-key-store.js");
    const { LocalKeyGroupAdmin } = await import("../../lib/keys/local-key-group.js");
    const { generateKeyPair } = await import("../../lib/keys/generate.js");
    const keysDir = join(dataDir, "keys");
    const keys = new LocalKeyStore(keysDir);
    const group = new LocalKeyGroupAdmin(keysDir);
    const old = { keyPairId: "KOLD0000000000", type: "ecdsa" as const, privateKeyPem: generateKeyPair("ecdsa").privateKeyPem, createdAt: "2026-01-01T00:00:00.000Z" };
    const next = { keyPairId: "KNEW0000000000", type: "ecdsa" as const, privateKeyPem: generateKeyPair("ecdsa").privateKeyPem, createdAt: "2026-02-01T00:00:00.000Z" };
    await keys.activate(old);
    await keys.activate(next);
    await group.writeTrusted([next.keyPairId]);
    await group.deletePublicKey(old.keyPairId);
    expect(existsSync(join(keysDir, `${old.keyPairId}.private.pem`))).toBe(false);
    expect(existsSync(join(keysDir, `${next.keyPairId}.private.pem`))).toBe(true);
    expect((await keys.history()).map((k) => k.keyPairId)).toContain(old.keyPairId);
    expect(await tooOpen(dataDir)).toEqual([]);
  });
});

const MIB = 1024 * 1024;

/** Issue 21, item 8: upload parts, the session file and the folders of an upload were 0644 / 0755. */
describe("the data directory after an upload session", () => {
  it("holds only 0600 files in 0700 folders: parts while they wait, an aborted upload, the file, its page and the revocation list", async () => {
    const umask = process.umask(0o022); // what most systems have: anything created without a mode ends up 0644 / 0755
    try {
      const store = new LocalObjectStore(dataDir);
      const clock = () => START;
      const users = new UserStore(store, clock);
      await users.add(OPERATOR.name, "operator", OPERATOR.password);
      const files = new ClientFiles({ store, multipart: new LocalMultipart(store, clock), prefix: "client_files", clock, maxFileSize: 8 * MIB, partSize: MIB });
      const publisher = new Publisher({ store, prefix: "client_files", publicUrl: "https://files.example.com", signingKey: async () => rsaSigningKey, clock, denyList: LocalDenyList.forDataDir(dataDir) });
      const p = portal({ dir: parent, store, users, keyStore: new LocalKeyStore(join(dataDir, "keys")), cleanup: async () => undefined }, { files, publisher, clock });
      const s = await session(p, OPERATOR);
      expect((await p.app.request("/api/clients", postJson(s, { client: "acme" }))).status).toBe(201);

      // Parts waiting for completion: the upload's folder, its session file and the parts.
      const start = (await (await p.app.request("/api/uploads", postJson(s, { client: "acme", path: "waiting/parts.bin", size: 2.5 * MIB }))).json()) as { upload: string };
      const { parts } = (await (await p.app.request("/api/uploads/parts", postJson(s, { upload: start.upload, client: "acme", partNumbers: [1, 2] }))).json()) as { parts: { url: string; length: number }[] };
      for (const part of parts) expect((await p.app.request(part.url, { method: "PUT", body: Buffer.alloc(part.length, 7), headers: { "content-length": String(part.length) } })).status).toBe(200);
      expect((await readdir(join(dataDir, ".signed-share", "uploads"), { recursive: true })).some((name) => name.includes("part-00002-"))).toBe(true);
      expect(await tooOpen(dataDir)).toEqual([]);

      // A finished upload in three parts, an aborted one, a published link, then revoked.
      expect((await uploadThroughApi(p, (body) => postJson(s, body), "acme", "reports/q1/three parts.bin", Buffer.alloc(2.5 * MIB, 1))).status).toBe(201);
      const dropped = (await (await p.app.request("/api/uploads", postJson(s, { client: "acme", path: "dropped.bin", size: 10 }))).json()) as { upload: string };
      expect((await p.app.request("/api/uploads/abort", postJson(s, { upload: dropped.upload, client: "acme" }))).status).toBe(200);
      const record = await publisher.publish({ client: "acme", expiresAt: new Date(START.getTime() + 86_400_000), issuedBy: "t" });
      await publisher.records.revoke(record.linkId, "t");
      expect(existsSync(join(dataDir, ".signed-share", "edge", "deny-list.json"))).toBe(true);
      expect(await tooOpen(dataDir)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });
});
