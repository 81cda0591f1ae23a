import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DenyListFullError, STORE_BUDGET_BYTES, type DenyList, type DenyListEntry } from "../../lib/revocation/deny-list.js";
import { KvsDenyList } from "../../lib/revocation/kvs-deny-list.js";
import { LocalDenyList, localDenyListPath } from "../../lib/revocation/local-deny-list.js";
import { denyLink, pruneDenyList } from "../../lib/revocation/prune.js";
import { FakeKvs, KVS_ARN } from "./support/fake-kvs.js";

const NOW = new Date("2030-01-01T00:00:00Z");
const id = (n: number) => `link${String(n).padStart(18, "0")}`;
const entry = (n: number, expiresAt = "2030-02-01T00:00:00.000Z"): DenyListEntry => ({ linkId: id(n), expiresAt });
const sorted = (entries: DenyListEntry[]) => [...entries].sort((a, b) => (a.linkId < b.linkId ? -1 : 1));

/** The same behaviour from both stores. */
function contract(name: string, make: () => Promise<{ list: DenyList; fill(bytes: number): Promise<void> }>) {
  describe(`${name}: the revocation list contract`, () => {
    it("denies a link with its expiry as value, prunes expired ids in the same write, and keeps a second revoke idempotent", async () => {
      const { list } = await make();
      await list.update({ puts: [entry(1, "2029-12-31T00:00:00.000Z"), entry(2)], deletes: [] });
      expect(await denyLink(list, entry(3), NOW)).toEqual({ listed: true, pruned: 1 });
      expect(sorted(await list.entries())).toEqual([entry(2), entry(3)]);
      expect(await denyLink(list, entry(3), NOW)).toEqual({ listed: true, pruned: 0 });
      expect(sorted(await list.entries())).toEqual([entry(2), entry(3)]);
    });

    it("does not list a link that has expired already (its signature is refused anyway)", async () => {
      const { list } = await make();
      expect(await denyLink(list, entry(1, "2029-06-01T00:00:00.000Z"), NOW)).toEqual({ listed: false, pruned: 0 });
      expect(await list.entries()).toEqual([]);
    });

    it("prunes expired ids and ids the caller says are dead, keeping the rest", async () => {
      const { list } = await make();
      const live = Array.from({ length: 70 }, (_, i) => entry(i));
      const dead = Array.from({ length: 60 }, (_, i) => entry(100 + i, "2029-01-01T00:00:00.000Z"));
      await list.update({ puts: [...live, ...dead], deletes: [] });
      const removed = await pruneDenyList(list, NOW, (linkId) => linkId === id(5));
      expect(removed).toHaveLength(61);
      expect(sorted(await list.entries())).toEqual(live.filter((e) => e.linkId !== id(5)));
    });

    it("refuses a revocation that would pass the size budget with DenyListFullError, changing nothing", async () => {
      const { list, fill } = await make();
      await list.update({ puts: [entry(1)], deletes: [] });
      await fill(STORE_BUDGET_BYTES - 30);
      const before = sorted(await list.entries());
      const error = await denyLink(list, entry(2), NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DenyListFullError);
      expect((error as Error).message).toMatch(/nearly full.*nothing was revoked.*rotate-keys/);
      expect(sorted(await list.entries())).toEqual(before);
    });
  });
}

describe("LocalDenyList", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "deny-list-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  let n = 0;
  const fresh = () => LocalDenyList.forDataDir(join(dir, `data-${n++}`));

  contract("local file", async () => {
    const list = fresh();
    return {
      list,
      // Live entries, written as the file format (what a long-running install accumulates).
      fill: async (bytes) => {
        const path = list.location.slice("file:".length);
        const current = JSON.parse(await readFile(path, "utf8")) as { revoked: Record<string, string> };
        const value = "2031-01-01T00:00:00.000Z";
        const each = 22 + value.length;
        const have = Object.entries(current.revoked).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
        for (let i = 0; i < Math.ceil((bytes - have) / each); i++) current.revoked[`fill${String(i).padStart(18, "0")}`] = value;
        await writeFile(path, JSON.stringify(current));
      },
    };
  });

  it("keeps its file in the data directory's metadata folder, never under a servable key", () => {
    expect(localDenyListPath("/srv/data")).toBe("/srv/data/.signed-share/edge/deny-list.json");
  });

  it("lands every one of 25 concurrent revocations (a lock serialises the writers) and leaves no temp or lock file", async () => {
    const list = fresh();
    const other = new LocalDenyList(list.location.slice("file:".length)); // a second process on the same file
    await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 2 ? list : other).update({ puts: [entry(i)], deletes: [] })));
    expect(await list.entries()).toHaveLength(25);
    expect(await readdir(dirname(list.location.slice("file:".length)))).toEqual(["deny-list.json"]);
  });

  it("reads a missing file as an empty list, and names the file when it is not JSON", async () => {
    const list = fresh();
    expect(await list.has(id(1))).toBe(false);
    const path = list.location.slice("file:".length);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "{ not json");
    await expect(list.entries()).rejects.toThrow(`the revocation list ${path} is not JSON`);
  });

  it("takes over a stale lock left by a writer that died", async () => {
    const list = fresh();
    const path = list.location.slice("file:".length);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.lock`, "");
    await utimes(`${path}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await list.update({ puts: [entry(1)], deletes: [] });
    expect(await list.has(id(1))).toBe(true);
  });
});

describe("KvsDenyList against a stateful KeyValueStore fake", () => {
  let fake: FakeKvs;
  beforeEach(() => {
    fake = new FakeKvs();
  });
  afterEach(() => fake.mock.restore());
  const kvs = () => new KvsDenyList(new CloudFrontKeyValueStoreClient({ region: "us-east-1" }), KVS_ARN, async () => undefined);

  contract("KeyValueStore", async () => ({
    list: kvs(),
    fill: async (bytes) => {
      fake.ballastBytes = bytes - fake.size();
    },
  }));

  it("sends DescribeKeyValueStore, then UpdateKeys with that ETag as IfMatch and only Puts", async () => {
    await kvs().update({ puts: [entry(1)], deletes: [] });
    const calls = fake.mock.calls() as unknown as { args: [{ input: unknown; constructor: { name: string } }] }[];
    expect(calls.map((c) => c.args[0].constructor.name)).toEqual(["DescribeKeyValueStoreCommand", "UpdateKeysCommand"]);
    expect(calls[0]!.args[0].input).toEqual({ KvsARN: KVS_ARN });
    expect(calls[1]!.args[0].input).toEqual({ KvsARN: KVS_ARN, IfMatch: "ETAG-1", Puts: [{ Key: id(1), Value: "2030-02-01T00:00:00.000Z" }] });
  });

  it("re-reads the ETag and retries when another writer changed the store (ConflictException)", async () => {
    await kvs().update({ puts: [entry(1)], deletes: [] });
    fake.otherWriters = 2;
    await kvs().update({ puts: [entry(2)], deletes: [] });
    expect(fake.updates.slice(1).map((u) => u.IfMatch)).toEqual(["ETAG-2", "ETAG-3", "ETAG-4"]);
    expect([...fake.items.keys()].sort()).toEqual([id(1), id(2)]);
  });

  it("gives up after five conflicts in a row with the SDK's error, having written nothing", async () => {
    fake.otherWriters = 5;
    await expect(kvs().update({ puts: [entry(1)], deletes: [] })).rejects.toThrow(/ETag mismatch/);
    expect(fake.items.size).toBe(0);
  });

  it("splits a prune of 120 ids into UpdateKeys calls of at most 50 keys, reading pages of ListKeys", async () => {
    await kvs().update({ puts: Array.from({ length: 120 }, (_, i) => entry(i, "2029-01-01T00:00:00.000Z")), deletes: [] });
    expect(fake.updates.map((u) => u.Puts?.length)).toEqual([50, 50, 20]);
    expect(await pruneDenyList(kvs(), NOW)).toHaveLength(120);
    expect(fake.updates.slice(3).map((u) => u.Deletes?.length)).toEqual([50, 50, 20]);
    expect(fake.items.size).toBe(0);
    expect(fake.mock.commandCalls(ListKeysCommand)).toHaveLength(3);
  });

  it("turns the store's own quota refusal into DenyListFullError", async () => {
    fake.ballastBytes = 5 * 1024 * 1024 - 10; // over the fake's limit, though the store says it is under our budget…
    fake.mock.on(DescribeKeyValueStoreCommand).callsFake(() => ({ ETag: fake.etag, TotalSizeInBytes: 0, ItemCount: 0, KvsARN: KVS_ARN, Created: new Date(0), $metadata: {} }));
    await expect(kvs().update({ puts: [entry(1)], deletes: [] })).rejects.toBeInstanceOf(DenyListFullError);
    expect(fake.items.size).toBe(0);
  });
});

describe("the KeyValueStore client as the SDK sends it (real middleware, captured HTTP)", () => {
  it("signs with SigV4A (pure JS, no CRT) and sends UpdateKeys as POST …/keys with If-Match and a JSON body", async () => {
    const requests: { method: string; hostname: string; path: string; headers: Record<string, string>; body: string }[] = [];
    const answers = [
      { etag: "E1", body: { ItemCount: 0, TotalSizeInBytes: 0, KvsARN: KVS_ARN, Created: 0 } },
      { etag: "E2", body: { ItemCount: 1, TotalSizeInBytes: 46 } },
    ];
    const client = new CloudFrontKeyValueStoreClient({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
      requestHandler: {
        handle: async (request: { method: string; hostname: string; path: string; headers: Record<string, string>; body?: string }) => {
          requests.push({ method: request.method, hostname: request.hostname, path: request.path, headers: request.headers, body: String(request.body ?? "") });
          const answer = answers.shift()!;
          return { response: { statusCode: 200, headers: { "content-type": "application/json", etag: answer.etag }, body: Readable.from([Buffer.from(JSON.stringify(answer.body))]) } };
        },
      } as never,
    });
    await new KvsDenyList(client, KVS_ARN).update({ puts: [entry(1)], deletes: [] });
    expect(requests).toHaveLength(2);
    const [describe, update] = requests as [(typeof requests)[0], (typeof requests)[0]];
    expect(describe.method).toBe("GET");
    expect(update).toMatchObject({ method: "POST", hostname: "123456789012.cloudfront-kvs.global.api.aws", path: `/key-value-stores/${encodeURIComponent(KVS_ARN)}/keys` });
    expect(update.headers["if-match"]).toBe("E1");
    expect(JSON.parse(update.body)).toEqual({ Puts: [{ Key: id(1), Value: "2030-02-01T00:00:00.000Z" }] });
    expect(update.headers.authorization).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cloudfront-keyvaluestore\/aws4_request/);
    expect(update.headers["x-amz-region-set"]).toBe("*");
  });
});
