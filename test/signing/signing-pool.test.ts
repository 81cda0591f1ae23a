import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Publisher } from "../../lib/publishing/publisher.js";
import { objectUrl } from "../../lib/signing/object-url.js";
import { signUrl, type SignOptions } from "../../lib/signing/signer.js";
import { signBatch, SigningPool, signUrlsInThread, type BulkSigner } from "../../lib/signing/signing-pool.js";
import { verifySignedUrl } from "../../lib/signing/verify.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { allKeys, pageLinks } from "../publish/helpers.js";
import { ecSigningKey, rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

const BASE = "https://files.example.com";
const T0 = new Date("2030-01-01T00:00:00Z");
const week = new Date(T0.getTime() + 7 * 86_400_000);
const urls = (n: number, folder = "acme") => Array.from({ length: n }, (_, i) => objectUrl(BASE, `${folder}/reports ${i % 3}/résumé #${i}.pdf`));

const optionSets: [string, SignOptions][] = [
  ["canned, SHA-1", { dateLessThan: week }],
  ["canned, SHA-256", { dateLessThan: week, hashAlgorithm: "SHA256" }],
  ["custom: start time and IP range", { dateLessThan: week, dateGreaterThan: T0, ipAddress: "203.0.113.0/24" }],
  ["custom: wildcard resource", { dateLessThan: week, resource: `${BASE}/acme/*` }],
];

describe("SigningPool", () => {
  const pool = new SigningPool({ size: 2, chunkSize: 7 });
  afterAll(() => pool.close());

  it.each(optionSets)("returns the URLs signUrl returns for the same inputs, in order (%s)", async (_name, options) => {
    const input = urls(40);
    const signed = await pool.signUrls(input, rsaSigningKey, options);
    expect(signed).toEqual(input.map((url) => signUrl(url, rsaSigningKey, options)));
  });

  it("signs with ECDSA keys too (the signatures differ per call, so they are verified instead)", async () => {
    const input = urls(10);
    const signed = await pool.signUrls(input, ecSigningKey, { dateLessThan: week });
    expect(signed.map((url, i) => url.split("?")[0] === input[i])).toEqual(input.map(() => true));
    for (const url of signed) {
      expect(verifySignedUrl(url, { trustedKey: (id) => trustedPublicKeys.get(id), now: T0, viewerIp: "198.51.100.7" })).toMatchObject({ allow: true, keyPairId: ecSigningKey.keyPairId });
    }
  });

  it("keeps concurrent batches with different keys apart", async () => {
    const a = urls(30, "acme");
    const b = urls(30, "globex");
    const [signedA, signedB, signedA2] = await Promise.all([
      pool.signUrls(a, rsaSigningKey, { dateLessThan: week }),
      pool.signUrls(b, ecSigningKey, { dateLessThan: week }),
      pool.signUrls(a, rsaSigningKey, { dateLessThan: week, hashAlgorithm: "SHA256" }),
    ]);
    expect(signedA).toEqual(a.map((url) => signUrl(url, rsaSigningKey, { dateLessThan: week })));
    expect(signedB.every((url) => url.endsWith(`Key-Pair-Id=${ecSigningKey.keyPairId}`))).toBe(true);
    expect(signedA2).toEqual(a.map((url) => signUrl(url, rsaSigningKey, { dateLessThan: week, hashAlgorithm: "SHA256" })));
  });

  it("returns an empty list for no URLs", async () => {
    expect(await pool.signUrls([], rsaSigningKey, { dateLessThan: week })).toEqual([]);
  });

  it("rejects batches once closed", async () => {
    const closed = new SigningPool({ size: 1 });
    await closed.signUrls(urls(1), rsaSigningKey, { dateLessThan: week });
    await closed.close();
    await expect(closed.signUrls(urls(1), rsaSigningKey, { dateLessThan: week })).rejects.toThrow(/signing pool is closed/);
  });
});

describe("signBatch (the worker's work)", () => {
  it("signs with a key sent earlier by id, and reports an unknown key id as an error reply", () => {
    const keys = new Map();
    const options = { dateLessThan: week };
    const first = signBatch({ id: 1, keyId: 3, key: rsaSigningKey, urls: urls(2), options }, keys);
    const second = signBatch({ id: 2, keyId: 3, urls: urls(2), options }, keys);
    expect(second).toEqual({ id: 2, urls: urls(2).map((url) => signUrl(url, rsaSigningKey, options)) });
    expect(first).toEqual({ ...second, id: 1 });
    expect(signBatch({ id: 3, keyId: 4, urls: urls(1), options }, keys)).toEqual({ id: 3, error: "signing worker has no key 4" });
  });
});

describe("SigningPool when a worker dies", () => {
  const pool = new SigningPool({ size: 1, chunkSize: 5, workerFile: join(__dirname, "fixtures", "crashing-signing-worker.ts") });
  afterAll(() => pool.close());

  it("rejects the batch of a worker that exits, with a clear error, and signs the next batch on a new worker", async () => {
    const input = [...urls(3), `${BASE}/acme/exit-worker`];
    await expect(pool.signUrls(input, rsaSigningKey, { dateLessThan: week })).rejects.toThrow(/signing worker stopped \(exit code 7\) before signing its 4 URLs/);
    const next = urls(12);
    expect(await pool.signUrls(next, rsaSigningKey, { dateLessThan: week })).toEqual(next.map((url) => signUrl(url, rsaSigningKey, { dateLessThan: week })));
  });

  it("rejects the batch of a worker that throws, naming the error, and recovers", async () => {
    await expect(pool.signUrls([`${BASE}/acme/throw-in-worker`], rsaSigningKey, { dateLessThan: week })).rejects.toThrow(/signing worker stopped \(exit code 1: thrown in the worker\)/);
    const next = urls(3);
    expect(await pool.signUrls(next, rsaSigningKey, { dateLessThan: week })).toEqual(next.map((url) => signUrl(url, rsaSigningKey, { dateLessThan: week })));
  });

  it("fails only the batch that held the crashed chunk; queued batches still sign", async () => {
    const crashing = pool.signUrls([`${BASE}/acme/exit-worker`], rsaSigningKey, { dateLessThan: week });
    const queued = pool.signUrls(urls(8), rsaSigningKey, { dateLessThan: week });
    await expect(crashing).rejects.toThrow(/signing worker stopped/);
    expect(await queued).toEqual(urls(8).map((url) => signUrl(url, rsaSigningKey, { dateLessThan: week })));
  });
});

describe("Publisher with a bulk signer", () => {
  let dir: string;
  let store: LocalObjectStore;
  const pool = new SigningPool({ size: 2, chunkSize: 16 });
  const names = Array.from({ length: 75 }, (_, i) => `folder ${i % 4}/file #${String(i).padStart(2, "0")}.csv`);
  const publisher = (signUrls?: BulkSigner) =>
    new Publisher({
      store,
      prefix: "client_files",
      publicUrl: BASE,
      signingKey: async () => rsaSigningKey,
      clock: () => T0,
      // Several listing pages, so that batches overlap the listing.
      listing: { firstPageSize: 10, pageSize: 30 },
      ...(signUrls ? { signUrls } : {}),
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "signing-pool-"));
    store = new LocalObjectStore(dir);
    for (const name of names) await store.put(`client_files/acme/${name}`, name);
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("publishes the same page links through the pool as in this thread", async () => {
    const viaPool = await publisher(pool.signUrls).publish({ client: "acme", expiresAt: week, issuedBy: "tester" });
    const inThread = await publisher().publish({ client: "acme", expiresAt: week, issuedBy: "tester" });
    const links = async (pageKey: string) => pageLinks(await text((await store.get(pageKey))!.body));
    const poolLinks = await links(viaPool.pageKey);
    expect(poolLinks.filter((href) => href.startsWith(BASE))).toHaveLength(names.length);
    // Each publication has its own link id (l=…, signed), so compare the files and the signing itself.
    const inThreadLinks = await links(inThread.pageKey);
    expect(poolLinks.map((href) => href.replace(/\?.*$/, ""))).toEqual(inThreadLinks.map((href) => href.replace(/\?.*$/, "")));
    for (const href of poolLinks.filter((h) => h.startsWith(BASE))) {
      expect(new URL(href).searchParams.get("l")).toBe(viaPool.linkId);
      expect(href).toBe(signUrl(href.replace(/&Expires=.*$/, ""), rsaSigningKey, { dateLessThan: week }));
    }
    expect(viaPool.fileCount).toBe(names.length);
    expect(await publisher(signUrlsInThread).publish({ client: "acme", expiresAt: week, issuedBy: "tester" })).toMatchObject({ fileCount: names.length, bytes: viaPool.bytes });
  });

  it("writes neither page nor record when bulk signing fails", async () => {
    const before = await allKeys(store);
    const failing: BulkSigner = async () => {
      throw new Error("a signing worker stopped");
    };
    await expect(publisher(failing).publish({ client: "acme", expiresAt: week, issuedBy: "tester" })).rejects.toThrow(/a signing worker stopped/);
    expect(await allKeys(store)).toEqual(before);
  });
});
