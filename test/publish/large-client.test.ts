import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { DAY, T0, downloadAllLines, freshStore, pageLinks, publisherFor, putFiles, startFauxqs } from "./helpers.js";

const COUNT = 2500;

describe("a client with 2,500 files (three listing pages and more)", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;
  const names = Array.from({ length: COUNT }, (_, i) => `batch-${Math.floor(i / 100)}/file ${String(i).padStart(4, "0")}.dat`);

  beforeAll(async () => {
    s3 = await startFauxqs();
    store = await freshStore(s3);
    await putFiles(store, "bulk", Object.fromEntries(names.map((n, i) => [n, `#${i}`])), 32);
  }, 120_000);
  afterAll(() => s3?.stop());

  it.each(["per-file", "folder"] as const)("publishes every file on the page in %s mode", async (mode) => {
    const publisher = publisherFor(store);
    const record = await publisher.publish({ client: "bulk", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t", mode });
    expect(record.fileCount).toBe(COUNT);
    const page = await store.get(record.pageKey);
    const html = await new Response(page!.body as unknown as ReadableStream).text();
    const paths = pageLinks(html).map((u) => decodeURIComponent(new URL(u).pathname).slice("/bulk/".length));
    expect(paths.sort()).toEqual([...names].sort());
    expect(downloadAllLines(html)).toHaveLength(COUNT);
  }, 60_000);
});
