import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText } from "../../lib/storage/read-text.js";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { signUrl } from "../../lib/signing/signer.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { rsaSigningKey } from "../support/vectors.js";
import { curlListPairs, DAY, T0, freshStore, manifestFiles, pageLinks, publisherFor, putFiles, startFauxqs } from "./helpers.js";

const COUNT = 2500;

describe("a client with 2,500 files (three listing pages and more): the page for many files", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;
  const names = Array.from({ length: COUNT }, (_, i) => `batch-${Math.floor(i / 100)}/file ${String(i).padStart(4, "0")}*.dat`);

  beforeAll(async () => {
    s3 = await startFauxqs();
    store = await freshStore(s3);
    await putFiles(store, "bulk", Object.fromEntries(names.map((n, i) => [n, `#${i}`])), 32);
  }, 120_000);
  afterAll(() => s3?.stop());

  it.each(["per-file", "folder"] as const)("lists every file through the manifest and the curl list, with working URLs, in %s mode", async (mode) => {
    const expiresAt = new Date(T0.getTime() + DAY);
    const record = await publisherFor(store).publish({ client: "bulk", expiresAt, issuedBy: "t", mode });
    expect(record.fileCount).toBe(COUNT);
    const html = (await readText(store, record.pageKey))!;
    expect(html.length).toBeLessThan(200_000); // no list in the markup
    expect(pageLinks(html).filter((u) => u.includes("/bulk/batch-"))).toEqual([]);
    expect(record.pageObjects).toEqual([`client_files/bulk/_links/${record.linkId}.manifest.json`, `client_files/bulk/_links/${record.linkId}.curl.txt`]);

    const files = manifestFiles((await readText(store, record.pageObjects![0]!))!);
    expect(files.map((f) => f.path).sort()).toEqual([...names].sort());
    const list = curlListPairs((await readText(store, record.pageObjects![1]!))!);
    expect(list.map((f) => f.output).sort()).toEqual([...names].sort());
    const byPath = new Map(files.map((f) => [f.path, f.url]));
    for (const { url, output } of list) expect(byPath.get(output)).toBe(url);
    // Each URL is exactly what the signer makes for that file (per-file) or carries the folder's one signature.
    const sample = files[1234]!;
    const unsigned = `https://files.example.com/bulk/${sample.path.split("/").map(encodeURIComponent).join("/").replaceAll("*", "%2A")}?l=${record.linkId}`;
    if (mode === "per-file") expect(sample.url).toBe(signUrl(unsigned, rsaSigningKey, { dateLessThan: expiresAt }));
    else expect(new Set(files.map((f) => new URL(f.url).search)).size).toBe(1);
  }, 60_000);
});
