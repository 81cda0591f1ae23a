/**
 * The ObjectStore contract: every adapter must pass these. Call describeObjectStoreContract from an
 * adapter's test file with a factory for a fresh, empty store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Readable } from "node:stream";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { listAll } from "../../lib/storage/list-all.js";

export interface ContractSubject {
  store: ObjectStore;
  /** The Cache-Control header the adapter sent when it last wrote `key`, if it can be observed. */
  cacheControlSent?: (key: string) => string | undefined;
  cleanup(): Promise<void>;
}

export async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

async function keysOf(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of listAll(store, prefix)) keys.push(info.key);
  return keys;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

export const ODD_NAMES = [
  "odd/with space.txt",
  "odd/ünïcødé-日本語.txt",
  "odd/emoji-😀.txt",
  "odd/plus+percent%25%hash#question?amp&.txt",
  `odd/quote"double'single.txt`,
  "odd/<script>alert(1)</script>.html",
  "odd/tilde~equals=semicolon;comma,.txt",
];

export function describeObjectStoreContract(name: string, create: () => Promise<ContractSubject>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    let subject: ContractSubject;
    let store: ObjectStore;
    beforeAll(async () => {
      subject = await create();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    describe("with 2,500 keys under one prefix", () => {
      const bulk = Array.from({ length: 2500 }, (_, i) => `bulk/file-${String(i).padStart(4, "0")}.txt`);
      beforeAll(async () => {
        await inBatches(bulk, 50, (key) => store.put(key, key));
      });

      it("lists every key once, in order, by following continuation tokens", async () => {
        expect(await keysOf(store, "bulk/")).toEqual(bulk);
      });

      it("stops a page at 1,000 keys and hands back a token, even when more are asked for", async () => {
        const page = await store.list({ prefix: "bulk/", maxKeys: 5000 });
        expect(page.objects).toHaveLength(1000);
        expect(page.nextToken).toBeDefined();
        expect(page.objects[0]?.key).toBe("bulk/file-0000.txt");
      });

      it("continues the next page exactly after the previous one", async () => {
        const first = await store.list({ prefix: "bulk/", maxKeys: 3 });
        const second = await store.list({ prefix: "bulk/", maxKeys: 3, token: first.nextToken });
        expect(second.objects.map((o) => o.key)).toEqual(bulk.slice(3, 6));
      });

      it("starts after a given key (StartAfter), whether or not that key exists", async () => {
        expect((await store.list({ prefix: "bulk/", maxKeys: 2, startAfter: "bulk/file-0997.txt" })).objects.map((o) => o.key)).toEqual(bulk.slice(998, 1000));
        expect((await store.list({ prefix: "bulk/", maxKeys: 1, startAfter: "bulk/file-0997.txt~" })).objects.map((o) => o.key)).toEqual([bulk[998]]);
      });

      it("leaves nextToken unset on the last page", async () => {
        const page = await store.list({ prefix: "bulk/file-249" });
        expect(page.objects).toHaveLength(10);
        expect(page.nextToken).toBeUndefined();
      });
    });

    describe("with nested folders", () => {
      const nested = ["nest/a.txt", "nest/sub/b.txt", "nest/sub/deeper/c.txt", "nest/other/d.txt", "nestling.txt"];
      beforeAll(async () => {
        await Promise.all(nested.map((key) => store.put(key, key)));
      });

      it("lists everything under a prefix, nested folders included, without a delimiter", async () => {
        expect(new Set(await keysOf(store, "nest/"))).toEqual(
          new Set(["nest/a.txt", "nest/sub/b.txt", "nest/sub/deeper/c.txt", "nest/other/d.txt"]),
        );
      });

      it("groups sub-folders into common prefixes with a delimiter", async () => {
        const page = await store.list({ prefix: "nest/", delimiter: "/" });
        expect(page.objects.map((o) => o.key)).toEqual(["nest/a.txt"]);
        expect(page.prefixes).toEqual(["nest/other/", "nest/sub/"]);
      });

      it("pages through objects and common prefixes together", async () => {
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await store.list({ prefix: "nest/", delimiter: "/", maxKeys: 1, token });
          expect(page.objects.length + page.prefixes.length).toBe(1);
          seen.push(...page.objects.map((o) => o.key), ...page.prefixes);
          token = page.nextToken;
        } while (token);
        expect(seen).toEqual(["nest/a.txt", "nest/other/", "nest/sub/"]);
      });

      it("matches a prefix that is not a whole folder name", async () => {
        const keys = await keysOf(store, "nest");
        expect(keys).toContain("nestling.txt");
        expect(keys).toContain("nest/sub/deeper/c.txt");
      });
    });

    it("round-trips names with spaces, unicode, + % # ? &, quotes and markup", async () => {
      for (const key of ODD_NAMES) await store.put(key, `body of ${key}`);
      for (const key of ODD_NAMES) {
        const got = await store.get(key);
        expect(got?.key).toBe(key);
        expect(await text(got!.body)).toBe(`body of ${key}`);
      }
      expect(new Set(await keysOf(store, "odd/"))).toEqual(new Set(ODD_NAMES));
    });

    it("stores a zero-byte object", async () => {
      await store.put("zero/empty.bin", new Uint8Array(0));
      expect((await store.head("zero/empty.bin"))?.size).toBe(0);
      expect(await text((await store.get("zero/empty.bin"))!.body)).toBe("");
      expect((await store.list({ prefix: "zero/" })).objects.map((o) => [o.key, o.size])).toEqual([["zero/empty.bin", 0]]);
    });

    it("keeps an S3-console folder marker as a key ending in /", async () => {
      await store.put("markers/folder/", "");
      await store.put("markers/folder/inside.txt", "x");
      await store.delete("markers/folder/inside.txt");
      expect((await store.list({ prefix: "markers/" })).objects.map((o) => [o.key, o.size])).toEqual([
        ["markers/folder/", 0],
      ]);
      expect((await store.list({ prefix: "markers/", delimiter: "/" })).prefixes).toEqual(["markers/folder/"]);
      expect((await store.head("markers/folder/"))?.size).toBe(0);
    });

    it("drops a folder marker when it is deleted", async () => {
      await store.put("gone-marker/folder/", "");
      await store.delete("gone-marker/folder/");
      expect(await store.head("gone-marker/folder/")).toBeUndefined();
      expect((await store.list({ prefix: "gone-marker/" })).objects).toEqual([]);
    });

    it("returns the content type it was given on head and get", async () => {
      await store.put("types/report.bin", "%PDF-1.7", { contentType: "application/pdf" });
      expect((await store.head("types/report.bin"))?.contentType).toBe("application/pdf");
      const got = await store.get("types/report.bin");
      got?.body.destroy(); // only the metadata is read here
      expect(got?.contentType).toBe("application/pdf");
    });

    it("sends the cache-control it was given", async (ctx) => {
      if (!subject.cacheControlSent) return ctx.skip();
      await store.put("cache/page.html", "<p>hi</p>", { contentType: "text/html", cacheControl: "private, no-store" });
      expect(subject.cacheControlSent("cache/page.html")).toBe("private, no-store");
    });

    it("reads an inclusive byte range", async () => {
      await store.put("range/digits.txt", "0123456789");
      const got = await store.get("range/digits.txt", { range: { start: 2, end: 5 } });
      expect(await text(got!.body)).toBe("2345");
      expect(got?.range).toEqual({ start: 2, end: 5 });
      expect(got?.size).toBe(10);
    });

    it("reads an open-ended byte range to the last byte", async () => {
      await store.put("range/open.txt", "0123456789");
      const got = await store.get("range/open.txt", { range: { start: 7 } });
      expect(await text(got!.body)).toBe("789");
      expect(got?.range).toEqual({ start: 7, end: 9 });
    });

    it("reports size, modification time and an ETag that changes with the content", async () => {
      await store.put("meta/file.txt", "first");
      const before = await store.head("meta/file.txt");
      await store.put("meta/file.txt", "second!");
      const after = await store.head("meta/file.txt");
      expect(before?.size).toBe(5);
      expect(after?.size).toBe(7);
      expect(after?.lastModified).toBeInstanceOf(Date);
      expect(after?.etag).toBeTruthy();
      expect(after?.etag).not.toBe(before?.etag);
      expect(await text((await store.get("meta/file.txt"))!.body)).toBe("second!");
    });

    it("creates an object only when the key is free, and leaves an existing one as it was", async () => {
      expect(await store.create("claims/one.json", "first", { contentType: "application/json" })).toBe(true);
      expect(await store.create("claims/one.json", "second")).toBe(false);
      expect(await text((await store.get("claims/one.json"))!.body)).toBe("first");
      expect((await store.head("claims/one.json"))?.contentType).toBe("application/json");
      await store.delete("claims/one.json");
      expect(await store.create("claims/one.json", "again")).toBe(true);
    });

    it("lets exactly one of many racing creates of one key win", async () => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.create("claims/race.json", `writer ${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await text((await store.get("claims/race.json"))!.body)).toBe(`writer ${winner}`);
    });

    it("deletes an object", async () => {
      await store.put("del/file.txt", "x");
      await store.delete("del/file.txt");
      expect(await store.head("del/file.txt")).toBeUndefined();
      expect((await store.list({ prefix: "del/" })).objects).toEqual([]);
    });

    it("treats deleting a missing object as success", async () => {
      await expect(store.delete("del/never-existed.txt")).resolves.toBeUndefined();
    });

    it("resolves undefined for a missing object on get and head", async () => {
      expect(await store.get("missing/nothing.txt")).toBeUndefined();
      expect(await store.head("missing/nothing.txt")).toBeUndefined();
    });

    it("lists nothing under a prefix that holds no keys", async () => {
      expect(await store.list({ prefix: "empty-prefix/", delimiter: "/" })).toEqual({ objects: [], prefixes: [] });
    });
  });
}
