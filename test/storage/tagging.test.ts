import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore, ObjectTagging } from "../../lib/storage/object-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startGuardDutyFake, type GuardDutyFake } from "../support/guardduty-fake.js";

type TaggedStore = ObjectStore & ObjectTagging;

/** What both adapters must do with tags: the scan verdict lives there (docs/scanning.md). */
function taggingContract(name: string, open: () => Promise<{ store: TaggedStore; replaceBehindTheBack?: (key: string, body: string) => Promise<void> }>) {
  describe(`${name}: object tags`, () => {
    let store: TaggedStore;
    let replaceBehindTheBack: ((key: string, body: string) => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ store, replaceBehindTheBack } = await open());
    });

    it("has none on a new object, and undefined for a missing one", async () => {
      await store.put("client_files/a/new.txt", "new");
      expect(await store.getTags("client_files/a/new.txt")).toEqual({});
      expect(await store.getTags("client_files/a/missing.txt")).toBeUndefined();
      expect(await store.putTags("client_files/a/missing.txt", { x: "1" })).toBe(false);
    });

    it("keeps tags set, merging with the others", async () => {
      await store.put("client_files/a/t.txt", "t");
      expect(await store.putTags("client_files/a/t.txt", { one: "1" })).toBe(true);
      expect(await store.putTags("client_files/a/t.txt", { two: "2" })).toBe(true);
      expect(await store.getTags("client_files/a/t.txt")).toEqual({ one: "1", two: "2" });
    });

    it("drops them when the object is replaced, as S3 does", async () => {
      await store.put("client_files/a/r.txt", "first");
      await store.putTags("client_files/a/r.txt", { verdict: "old" });
      await store.put("client_files/a/r.txt", "second, longer");
      expect(await store.getTags("client_files/a/r.txt")).toEqual({});
    });

    it("with ifEtag, tags only the version it names", async () => {
      await store.put("client_files/a/e.txt", "version one");
      const one = (await store.head("client_files/a/e.txt"))!.etag!;
      await store.put("client_files/a/e.txt", "version two!");
      expect(await store.putTags("client_files/a/e.txt", { verdict: "for one" }, { ifEtag: one })).toBe(false);
      expect(await store.getTags("client_files/a/e.txt")).toEqual({});
      const two = (await store.head("client_files/a/e.txt"))!.etag!;
      expect(await store.putTags("client_files/a/e.txt", { verdict: "for two" }, { ifEtag: two })).toBe(true);
      expect(await store.getTags("client_files/a/e.txt")).toEqual({ verdict: "for two" });
    });

    it("forgets them with the object", async () => {
      await store.put("client_files/a/d.txt", "d");
      await store.putTags("client_files/a/d.txt", { verdict: "x" });
      await store.delete("client_files/a/d.txt");
      expect(await store.getTags("client_files/a/d.txt")).toBeUndefined();
      await store.put("client_files/a/d.txt", "d");
      expect(await store.getTags("client_files/a/d.txt")).toEqual({});
    });

    it("drops them when the file is replaced outside the store", async () => {
      if (!replaceBehindTheBack) return;
      await store.put("client_files/a/b.txt", "by the store");
      await store.putTags("client_files/a/b.txt", { verdict: "clean" });
      await replaceBehindTheBack("client_files/a/b.txt", "copied over by hand, other size");
      expect(await store.getTags("client_files/a/b.txt")).toEqual({});
    });
  });
}

let dir: string;
let s3: FauxqsHandle;
let fake: GuardDutyFake;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tagging-"));
  s3 = await startFauxqs();
  fake = await startGuardDutyFake(s3.endpoint);
});
afterAll(async () => {
  await fake?.stop();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

taggingContract("local store", async () => ({
  store: new LocalObjectStore(dir),
  replaceBehindTheBack: (key, body) => writeFile(join(dir, key), body),
}));

taggingContract("S3 store (tagging through the GuardDuty fake)", async () => {
  const bucket = await s3.createBucket();
  return { store: new S3ObjectStore(s3.client({ endpoint: fake.endpoint }), bucket) };
});

describe("S3 tagging errors", () => {
  it("says which permission is missing", async () => {
    const bucket = await s3.createBucket();
    const store = new S3ObjectStore(s3.client({ endpoint: fake.endpoint, maxAttempts: 1 }), bucket);
    await store.put("client_files/a/x.txt", "x");
    fake.failTagReads(1, 403, "AccessDenied");
    await expect(store.getTags("client_files/a/x.txt")).rejects.toThrow(/s3:GetObjectTagging/);
  });
});
