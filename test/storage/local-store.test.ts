import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { StorageError } from "../../lib/storage/errors.js";
import { listAll } from "../../lib/storage/list-all.js";
import { text } from "./contract.js";

let parent: string;
let root: string;
let store: LocalObjectStore;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "signed-share-local-"));
  root = join(parent, "data");
  store = new LocalObjectStore(root);
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("LocalObjectStore keys", () => {
  it.each([
    ["../escape.txt", '".." path segment'],
    ["client_files/../../escape.txt", '".." path segment'],
    ["/etc/passwd", "absolute path"],
    ["a\0b", "NUL"],
    ["client_files\\acme\\x.txt", "backslash"],
    ["a//b.txt", "empty path segment"],
    ["./a.txt", '"." path segment'],
    [".signed-share/meta/x.json", "reserved"],
    ["", "empty"],
  ])("refuses the key %j, saying why", async (key, reason) => {
    const error = await store.put(key, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe("InvalidKey");
    expect((error as StorageError).message).toContain(reason);
    expect((error as StorageError).message).toContain(root);
  });

  it("writes nothing outside its root for a key that tries to escape", async () => {
    await store.put("inside.txt", "x");
    await expect(store.put("../outside.txt", "x")).rejects.toThrow(StorageError);
    await expect(store.get("../outside.txt")).rejects.toThrow(StorageError);
    expect(existsSync(join(parent, "outside.txt"))).toBe(false);
  });

  it("refuses a key that would be both a file and a folder, naming the conflict", async () => {
    await store.put("conflict/a", "file");
    await expect(store.put("conflict/a/b.txt", "x")).rejects.toThrow(/both a file and a folder/);
  });
});

describe("LocalObjectStore files", () => {
  it("returns the cache-control it stored on head and get, so the local edge can send it", async () => {
    await store.put("client_files/acme/_links/x.html", "<p>page</p>", { contentType: "text/html", cacheControl: "private, no-store" });
    expect((await store.head("client_files/acme/_links/x.html"))?.cacheControl).toBe("private, no-store");
    const got = await store.get("client_files/acme/_links/x.html");
    got?.body.destroy();
    expect(got?.cacheControl).toBe("private, no-store");
  });

  it("lists keys in UTF-8 byte order, like S3", async () => {
    const keys = ["o/a", "o/Z", "o/é", "o/\uFF61halfwidth", "o/😀", "o/日"];
    for (const key of keys) await store.put(key, "x");
    const listed = (await store.list({ prefix: "o/" })).objects.map((o) => o.key);
    expect(listed).toEqual(["o/Z", "o/a", "o/é", "o/日", "o/\uFF61halfwidth", "o/😀"]);
  });

  it("keeps its metadata folder out of listings", async () => {
    await store.put("a.txt", "x", { contentType: "text/plain" });
    const page = await store.list({ prefix: "", delimiter: "/" });
    expect(page.objects.map((o) => o.key)).toEqual(["a.txt"]);
    expect(page.prefixes).toEqual([]);
  });

  it("leaves no temp files behind after writing", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put("same/key.txt", `version ${i}`)));
    const names = (await allFiles(root)).map((p) => p.slice(root.length + 1));
    expect(names.sort()).toEqual([join(".signed-share", "meta", "same", "key.txt.json"), join("same", "key.txt")]);
  });

  it("replaces a file by rename, so a reader that opened it still reads the old bytes", async () => {
    await store.put("atomic/file.txt", "old content");
    const reading = await store.get("atomic/file.txt");
    await store.put("atomic/file.txt", "new");
    expect(await text(reading!.body)).toBe("old content");
    expect(await text((await store.get("atomic/file.txt"))!.body)).toBe("new");
  });

  it("serves a file copied in by hand, with a content type from its extension", async () => {
    await mkdir(join(root, "client_files", "acme"), { recursive: true });
    await writeFile(join(root, "client_files", "acme", "Report.PDF"), "%PDF");
    const info = await store.head("client_files/acme/Report.PDF");
    expect(info?.contentType).toBe("application/pdf");
    expect(info?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await store.list({ prefix: "client_files/" })).objects.map((o) => o.key)).toEqual([
      "client_files/acme/Report.PDF",
    ]);
  });

  it("falls back to application/octet-stream for an unknown extension without stored type", async () => {
    await mkdir(join(root, "x"), { recursive: true });
    await writeFile(join(root, "x", "blob.weird"), "?");
    expect((await store.head("x/blob.weird"))?.contentType).toBe("application/octet-stream");
  });

  it("changes the ETag when a file is replaced by hand behind its sidecar", async () => {
    await store.put("hand/file.txt", "abc");
    const before = await store.head("hand/file.txt");
    await writeFile(join(root, "hand", "file.txt"), "xyz");
    await utimes(join(root, "hand", "file.txt"), new Date(), new Date(Date.now() + 5000));
    const after = await store.head("hand/file.txt");
    expect(before?.etag).toBe('"900150983cd24fb0d6963f7d28e17f72"'); // md5("abc")
    expect(after?.etag).not.toBe(before?.etag);
  });

  it("removes folders that a delete leaves empty, but keeps marked folders", async () => {
    await store.put("prune/kept/", "");
    await store.put("prune/kept/deep/file.txt", "x");
    await store.put("prune/gone/deep/file.txt", "x");
    await store.delete("prune/kept/deep/file.txt");
    await store.delete("prune/gone/deep/file.txt");
    expect(existsSync(join(root, "prune", "gone"))).toBe(false);
    expect(existsSync(join(root, "prune", "kept"))).toBe(true);
    expect(existsSync(join(root, "prune", "kept", "deep"))).toBe(false);
  });

  it("refuses to write content to a folder marker key", async () => {
    await expect(store.put("folder/", "content")).rejects.toThrow(/folder marker and must be empty/);
  });

  it("answers a range past the end with an InvalidRange error", async () => {
    await store.put("r.txt", "0123");
    const error = await store.get("r.txt", { range: { start: 4 } }).catch((e: unknown) => e);
    expect((error as StorageError).code).toBe("InvalidRange");
  });

  it("clamps a range end past the last byte, like S3", async () => {
    await store.put("r.txt", "0123");
    const got = await store.get("r.txt", { range: { start: 2, end: 100 } });
    expect(await text(got!.body)).toBe("23");
    expect(got?.range).toEqual({ start: 2, end: 3 });
  });

  it("refuses a continuation token it did not issue", async () => {
    await expect(store.list({ prefix: "", token: "not-a-token" })).rejects.toThrow(/Invalid continuation token/);
  });

  it("pages with opaque tokens that do not expose keys verbatim", async () => {
    for (const key of ["p/1", "p/2", "p/3"]) await store.put(key, "x");
    const page = await store.list({ prefix: "p/", maxKeys: 1 });
    expect(page.nextToken).toBeDefined();
    expect(page.nextToken).not.toContain("p/1");
    const keys: string[] = [];
    for await (const info of listAll(store, "p/", { pageSize: 1 })) keys.push(info.key);
    expect(keys).toEqual(["p/1", "p/2", "p/3"]);
  });

  it("stores content type and cache-control in a sidecar JSON under .signed-share/meta", async () => {
    await store.put("client_files/acme/_links/abc.html", "<p>", {
      contentType: "text/html; charset=utf-8",
      cacheControl: "private, no-store",
    });
    const sidecarPath = join(root, ".signed-share", "meta", "client_files", "acme", "_links", "abc.html.json");
    const sidecar = JSON.parse(await readFile(sidecarPath, "utf8")) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ contentType: "text/html; charset=utf-8", cacheControl: "private, no-store" });
    expect(existsSync(dirname(sidecarPath))).toBe(true);
  });
});
