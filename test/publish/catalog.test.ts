import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lib/publishing/catalog.js";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { PREFIX, freshStore, putFiles, startFauxqs } from "./helpers.js";

describe("Catalog over fauxqs", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startFauxqs();
    store = await freshStore(s3);
    await putFiles(store, "acme", { "a.txt": "123", "deep/er/b.bin": "12345", "_links/page.html": "<p>page</p>" });
    await store.put(`${PREFIX}/acme/deep/`, ""); // folder marker
    await putFiles(store, "beta co", { "x.txt": "x" });
    await store.put(`${PREFIX}/markers-only/`, "");
    await store.put(`${PREFIX}/loose-file.txt`, "not in a client folder");
    await store.put("portal/links/acme/x.json", "{}");
  });
  afterAll(() => s3?.stop());

  it("lists clients with their file counts and bytes, leaving out markers, pages and loose files", async () => {
    expect(await new Catalog(store, PREFIX).clients()).toEqual([
      { client: "acme", fileCount: 2, bytes: 8 },
      { client: "beta co", fileCount: 1, bytes: 1 },
      { client: "markers-only", fileCount: 0, bytes: 0 },
    ]);
  });

  it("lists client names with one delimiter listing", async () => {
    expect(await new Catalog(store, PREFIX).clientNames()).toEqual(["acme", "beta co", "markers-only"]);
  });

  it("lists a client's nested files with size and last-modified, without the reserved folder or markers", async () => {
    const files = await new Catalog(store, PREFIX).files("acme");
    expect(files.map((f) => [f.path, f.size]).sort()).toEqual([
      ["a.txt", 3],
      ["deep/er/b.bin", 5],
    ]);
    for (const file of files) expect(file.lastModified.getTime()).toBeGreaterThan(0);
  });

  it("pages through a listing page by page and still returns every file", async () => {
    const files = await new Catalog(store, PREFIX, { pageSize: 1, firstPageSize: 1 }).files("acme");
    expect(files.map((f) => f.path).sort()).toEqual(["a.txt", "deep/er/b.bin"]);
  });

  it("tells a missing client apart from an existing one", async () => {
    const catalog = new Catalog(store, PREFIX);
    expect(await catalog.hasClient("markers-only")).toBe(true);
    expect(await catalog.hasClient("nobody")).toBe(false);
    await expect(catalog.files("nobody")).rejects.toThrow(/no client folder "nobody"/);
  });
});
