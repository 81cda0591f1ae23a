import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { listAll } from "../../lib/storage/list-all.js";
import type { ListOptions, ObjectStore } from "../../lib/storage/object-store.js";

let root: string;
let store: LocalObjectStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "signed-share-listall-"));
  store = new LocalObjectStore(root);
  for (const key of ["c/1.txt", "c/2.txt", "c/3.txt", "c/4.txt", "c/5.txt", "c/sub/6.txt", "other/7.txt"]) {
    await store.put(key, "x");
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

function counting(inner: ObjectStore): { store: ObjectStore; calls: ListOptions[] } {
  const calls: ListOptions[] = [];
  const wrapped: ObjectStore = Object.create(inner) as ObjectStore;
  wrapped.list = (options) => {
    calls.push(options);
    return inner.list(options);
  };
  return { store: wrapped, calls };
}

it("follows every page until there is no token", async () => {
  const { store: spied, calls } = counting(store);
  const keys: string[] = [];
  for await (const info of listAll(spied, "c/", { pageSize: 2 })) keys.push(info.key);
  expect(keys).toEqual(["c/1.txt", "c/2.txt", "c/3.txt", "c/4.txt", "c/5.txt", "c/sub/6.txt"]);
  expect(calls.map((c) => c.token === undefined)).toEqual([true, false, false]);
});

it("yields only the objects directly under the prefix with a delimiter", async () => {
  const keys: string[] = [];
  for await (const info of listAll(store, "c/", { delimiter: "/", pageSize: 2 })) keys.push(info.key);
  expect(keys).toEqual(["c/1.txt", "c/2.txt", "c/3.txt", "c/4.txt", "c/5.txt"]);
});

it("stops early without fetching further pages when the consumer breaks", async () => {
  const { store: spied, calls } = counting(store);
  for await (const info of listAll(spied, "", { pageSize: 2 })) {
    expect(info.key).toBe("c/1.txt");
    break;
  }
  expect(calls).toHaveLength(1);
});
