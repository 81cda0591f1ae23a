import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { GUARD_DENY_REASON } from "../../lib/edge/guard/edge-guard.js";
import { createKeyProvider } from "../../lib/keys/key-provider.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { createPublishing } from "../../lib/publishing/create-publishing.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LocalDenyList } from "../../lib/revocation/local-deny-list.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { pageLinks } from "../publish/helpers.js";
import { runTool } from "../support/run-tool.js";
import { runInProcess } from "../support/run-command.js";

/** Tests that run tools as processes (each a tsx start-up). */
const PROCESS_TIMEOUT = 180_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** What `npm start` runs (portal, local edge, data directory), links opened over HTTP, `links revoke` as a process. */
describe("revoking one link exactly, in local mode over HTTP", () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let config: LocalConfig;
  let first: LinkRecord;
  let second: LinkRecord;
  let folder: LinkRecord;
  let handSignedId: string;
  const urls = new Map<string, string[]>();

  const get = async (url: string) => {
    const response = await fetch(url);
    const body = await response.text();
    return { status: response.status, reason: response.headers.get("x-deny-reason"), body };
  };
  const urlsOf = async (record: LinkRecord) => [record.url, ...pageLinks((await get(record.url)).body)];
  const withoutL = (url: string) => url.replace(/([?&])l=[^&]*&/, "$1");
  const withL = (url: string, id: string) => url.replace(/([?&])l=[^&]*/, `$1l=${id}`);
  /** A publisher that reads the active key now (as a portal does after its refresh interval). */
  const publisherNow = () => {
    const provider = createKeyProvider({ store: new LocalKeyStore(localKeysDir(dataDir)), clock: systemClock });
    return createPublishing(config, { clock: systemClock }).publisher(() => provider.current());
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "revoke-one-"));
    const env = { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "correct horse battery staple" };
    running = await startLocalMode(loadConfig({ env }) as LocalConfig, { logger: silent });
    config = loadConfig({ env: { ...env, SHARE_PUBLIC_URL: running.edgeUrl } }) as LocalConfig;
    const publisher = publisherNow();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    first = await publisher.publish({ client: "acme-corp", expiresAt, issuedBy: "test" });
    second = await publisher.publish({ client: "acme-corp", expiresAt, issuedBy: "test" });
    folder = await publisher.publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" });
    for (const record of [first, second, folder]) urls.set(record.linkId, await urlsOf(record));
  });
  afterAll(async () => {
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("serves every URL of all three links before the revocation, each carrying its own l", async () => {
    for (const record of [first, second, folder]) {
      const list = urls.get(record.linkId)!;
      expect(list.length).toBeGreaterThan(2);
      for (const url of list) {
        expect(new URL(url).searchParams.getAll("l")).toEqual([record.linkId]);
        expect((await get(url)).status, url).toBe(200);
      }
    }
  });

  it("links revoke: says the edge refuses it at once; then every URL of that link gets the guard's 403, and nothing else changes", async () => {
    const result = await runInProcess(["links", "revoke", first.linkId], { env: { SHARE_DATA_DIR: dataDir, SHARE_PUBLIC_URL: running.edgeUrl } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`revoked ${first.linkId} (client acme-corp): page deleted, record marked`);
    expect(result.stdout).toContain("edge: every URL of the link (page and files) is refused at once");
    expect(await LocalDenyList.forDataDir(dataDir).entries()).toEqual([{ linkId: first.linkId, expiresAt: first.expiresAt }]);

    for (const url of urls.get(first.linkId)!) {
      const answer = await get(url);
      expect(answer.status, url).toBe(403);
      expect(answer.reason).toBe(GUARD_DENY_REASON);
      expect(answer.body).toContain("This link has been withdrawn");
    }
    for (const record of [second, folder]) {
      for (const url of urls.get(record.linkId)!) expect((await get(url)).status, url).toBe(200);
    }

    const listed = await runInProcess(["links", "list", "acme-corp", "--json"], { env: { SHARE_DATA_DIR: dataDir } });
    const rows = (JSON.parse(listed.stdout) as { links: { linkId: string; status: string; refusedAtEdge: boolean }[] }).links;
    expect(rows.find((row) => row.linkId === first.linkId)).toMatchObject({ status: "revoked", refusedAtEdge: true });
    expect(rows.find((row) => row.linkId === second.linkId)).toMatchObject({ status: "active", refusedAtEdge: false });
  }, PROCESS_TIMEOUT);

  it("refuses a per-file URL without l, or with another id, by its signature (the canned policy covers l)", async () => {
    const file = urls.get(second.linkId)![1]!;
    expect(await get(withoutL(file))).toMatchObject({ status: 403, reason: "bad-signature" });
    expect(await get(withL(file, first.linkId))).toMatchObject({ status: 403, reason: "bad-signature" });
  });

  it("refuses a folder URL without l, with the revoked id or with a made-up id (the wildcard resource ends in l)", async () => {
    const file = urls.get(folder.linkId)![1]!;
    expect(await get(withoutL(file))).toMatchObject({ status: 403, reason: "resource-mismatch" });
    expect(await get(withL(file, first.linkId))).toMatchObject({ status: 403, reason: "resource-mismatch" });
    expect(await get(withL(file, "madeUpmadeUpmadeUpmade"))).toMatchObject({ status: 403, reason: "resource-mismatch" });
    expect(await get(`${file}&l=${folder.linkId}`)).toMatchObject({ status: 403 });
  });

  it("hand-signed URLs: refused without l, served with sign --link-id new, refused after links revoke ID --until", async () => {
    const key = join(localKeysDir(dataDir), `${running.keyPairId}.private.pem`);
    const sign = (...extra: string[]) =>
      runTool("sign.ts", ["--url", `${running.edgeUrl}/acme-corp/README.txt`, "--key-pair-id", running.keyPairId, "--private-key", `file://${key}`, "--date-less-than", "1h", ...extra]);
    const plain = await sign();
    expect(await get(plain.stdout.trim())).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });

    const bound = await sign("--link-id", "new");
    const handId = /^link id: ([A-Za-z0-9_-]{22})$/m.exec(bound.stderr)?.[1];
    expect(handId).toBeDefined();
    handSignedId = handId!;
    expect((await get(bound.stdout.trim())).status).toBe(200);

    const revoked = await runInProcess(["links", "revoke", handId!, "--until", "2h"], { env: { SHARE_DATA_DIR: dataDir } });
    expect(revoked.stdout).toContain(`revoked hand-signed id ${handId} (no link record)`);
    expect(await get(bound.stdout.trim())).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });
  }, PROCESS_TIMEOUT);

  it("rotation and revocation together: revoke, rotate, prune; the list ends empty of dead ids and every new link works", async () => {
    const third = await publisherNow().publish({ client: "globex", expiresAt: new Date(Date.now() + 86_400_000), issuedBy: "test" });
    const revoked = await runInProcess(["links", "revoke", third.linkId, "--json"], { env: { SHARE_DATA_DIR: dataDir } });
    expect(JSON.parse(revoked.stdout)).toMatchObject({ edge: { listed: true, takesEffect: "at once" } });
    expect((await LocalDenyList.forDataDir(dataDir).entries()).map((e) => e.linkId).sort()).toEqual([first.linkId, third.linkId, handSignedId].sort());

    const rotation = await runTool("rotate-keys.ts", ["--yes", "--json", "--edge-url", running.edgeUrl], { env: { SHARE_DATA_DIR: dataDir } });
    expect(rotation.code, rotation.stderr).toBe(0);
    // The two revoked links were signed by the old key; the hand-signed id stays until its own expiry.
    expect(rotation.stderr).toMatch(/prune the revocation list .* done \([^;]*; 2 ids removed from file:/);
    expect((await LocalDenyList.forDataDir(dataDir).entries()).map((e) => e.linkId)).toEqual([handSignedId]);

    // The old key's links are refused by their signature now, the revoked ones included.
    for (const url of [...urls.get(first.linkId)!, ...urls.get(second.linkId)!]) expect((await get(url)).status, url).toBe(403);
    const fresh = await publisherNow().publish({ client: "acme-corp", expiresAt: new Date(Date.now() + 86_400_000), issuedBy: "test", mode: "folder" });
    for (const url of await urlsOf(fresh)) expect((await get(url)).status, url).toBe(200);
    // Revoke-all by rotation: a decoy (the new link's id read as `l`, the old folder link's id ending the
    // query) does not bring an old-key folder link back (docs/revocation.md, "Exactly one l").
    for (const url of urls.get(folder.linkId)!) {
      expect((await get(url.replace(/([?&])l=[^&]*/, `$1l=${fresh.linkId}&xl=${folder.linkId}`))).status, url).toBe(403);
    }
  }, PROCESS_TIMEOUT);
});

