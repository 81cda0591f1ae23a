import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { createKeyProvider, type KeyProvider } from "../../lib/keys/key-provider.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalTrustedKeys } from "../../lib/keys/local-trusted-keys.js";
import { linkRecordKey, type LinkRecord } from "../../lib/links/link-record.js";
import { readStoreJson } from "../../lib/keys/rotation/store-json.js";
import { signUrl } from "../../lib/signing/signer.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runTool } from "../support/run-tool.js";
import { AuditLog } from "../../lib/audit/audit-log.js";

/** Local mode end to end: real files, the real local edge over HTTP, `rotate-keys` as a process. */
describe("local rotation end to end", () => {
  let dataDir: string;
  let edge: RunningEdge;
  let provider: KeyProvider;

  const link = async () => {
    const key = await provider.current();
    return { keyPairId: key.keyPairId, url: signUrl(`${edge.url}/acme/report.txt`, key, { dateLessThan: new Date(Date.now() + 3_600_000) }) };
  };
  const status = async (url: string) => (await fetch(url)).status;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "local-rotation-"));
    const keysDir = localKeysDir(dataDir);
    await initLocalKeys(keysDir);
    const objects = new LocalObjectStore(dataDir);
    await objects.put("client_files/acme/report.txt", "quarterly numbers\n");
    // What `npm start` wires: the edge trusts trusted.json, the portal signs with the provider.
    edge = await startEdge({ store: objects, originPrefix: "client_files", trustedKey: new LocalTrustedKeys(keysDir, systemClock).trustedKey, clock: systemClock }, 0);
    provider = createKeyProvider({ store: new LocalKeyStore(keysDir), clock: systemClock });
  });
  afterAll(async () => {
    await edge?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("denies the old link and serves new ones after rotate-keys, and new links never fail while it runs", async () => {
    const old = await link();
    expect(await status(old.url)).toBe(200);
    const objects = new LocalObjectStore(dataDir);
    const record = { linkId: "l1", client: "acme", keyPairId: old.keyPairId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } as LinkRecord;
    await objects.put(linkRecordKey("acme", "l1"), JSON.stringify(record));

    const seen: { keyPairId: string; status: number }[] = [];
    let rotating = true;
    const prober = (async () => {
      while (rotating) {
        const issued = await link();
        seen.push({ keyPairId: issued.keyPairId, status: await status(issued.url) });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const result = await runTool("rotate-keys.ts", ["--yes", "--json", "--edge-url", edge.url], { env: { SHARE_DATA_DIR: dataDir } });
    rotating = false;
    await prober;

    expect(result.stderr).toMatch(/\[ 3\/11\] wait until the edge serves a URL signed with the new key \.\.\. done/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; activeKeyPairId: string; revokedLinks: number };
    expect(summary).toMatchObject({ status: "completed", revokedLinks: 1 });

    expect(await status(old.url)).toBe(403);
    const fresh = await link();
    expect(fresh.keyPairId).toBe(summary.activeKeyPairId);
    expect(await status(fresh.url)).toBe(200);

    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    expect(new Set(seen.map((s) => s.keyPairId))).toEqual(new Set([old.keyPairId, summary.activeKeyPairId]));
    expect((await readStoreJson<LinkRecord>(objects, linkRecordKey("acme", "l1")))?.revoked?.reason).toMatch(/^key rotation /);
    const { events } = await new AuditLog(objects, () => new Date()).page({ action: "keys-rotated" });
    expect(events).toEqual([expect.objectContaining({ outcome: "ok", actor: expect.objectContaining({ via: "cli" }), details: expect.objectContaining({ status: "completed", activeKeyPairId: summary.activeKeyPairId }) })]);
  });
});
