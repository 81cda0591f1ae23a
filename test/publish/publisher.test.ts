import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { linkRecordKey } from "../../lib/links/link-record.js";
import { StorageError } from "../../lib/storage/errors.js";
import { readText } from "../../lib/storage/read-text.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { faults, startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { rsaSigningKey } from "../support/vectors.js";
import { DAY, PREFIX, T0, allKeys, pageLinks, publisherFor, putFiles, startFauxqs } from "./helpers.js";

const week = new Date(T0.getTime() + 7 * DAY);

describe("Publisher against fauxqs behind the fault proxy", () => {
  let s3: FauxqsHandle;
  let proxy: FaultProxy;
  let store: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startFauxqs();
    proxy = await startFaultProxy(s3.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
  });
  beforeEach(async () => {
    proxy.reset();
    store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint, maxAttempts: 1 }), await s3.createBucket());
    await putFiles(store, "acme", { "a.txt": "a", "sub/b.txt": "bb" });
    proxy.reset();
  });

  it("writes the record (pending), the file set, the page with no-store caching and an HTML content type, then the final record", async () => {
    const record = await publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "tester" });
    const pagePut = proxy.requests.find((r) => r.method === "PUT" && r.path.endsWith(".html"))!;
    expect(pagePut.headers["cache-control"]).toBe("private, no-store");
    expect(pagePut.headers["content-type"]).toBe("text/html; charset=utf-8");
    const puts = proxy.requests.filter((r) => r.method === "PUT").map((r) => r.path);
    expect(puts).toHaveLength(7);
    // The index entries first (in parallel, while the files are signed), so that no record is ever missing from the lists.
    expect(puts.slice(0, 3).every((p) => p.includes("/portal/link-index/") && p.includes(record.linkId))).toBe(true);
    expect(puts[3]).toMatch(new RegExp(`/portal/links/acme/${record.linkId}\\.json$`));
    // The file set and the page at once.
    expect(puts.slice(4, 6).sort()).toEqual([expect.stringMatching(new RegExp(`/${PREFIX}/acme/_links/${record.linkId}\\.html$`)), expect.stringMatching(new RegExp(`/portal/link-files/acme/${record.linkId}\\.json$`))]);
    expect(puts[6]).toMatch(new RegExp(`/portal/links/acme/${record.linkId}\\.json$`));
    expect(record).toMatchObject({
      client: "acme",
      pageKey: `${PREFIX}/acme/_links/${record.linkId}.html`,
      issuedBy: "tester",
      issuedAt: T0.toISOString(),
      expiresAt: week.toISOString(),
      keyPairId: rsaSigningKey.keyPairId,
      hashAlgorithm: "SHA1",
      mode: "per-file",
      fileCount: 2,
      bytes: 3,
    });
    expect(record.linkId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(record.url).toMatch(new RegExp(`^https://files\\.example\\.com/acme/_links/${record.linkId}\\.html\\?l=${record.linkId}&Expires=`));
  });

  it("removes the page when the final record cannot be written; the pending record (and its file set) stays for links revoke", async () => {
    let recordPuts = 0;
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "PUT" && r.path.includes("/portal/links/") && ++recordPuts === 2 });
    const before = await allKeys(store);
    await expect(publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(StorageError);
    expect(proxy.requests.some((r) => r.method === "DELETE" && r.path.endsWith(".html"))).toBe(true);
    const written = (await allKeys(store)).filter((key) => !before.includes(key));
    const left = written.filter((key) => !key.startsWith("portal/link-index/"));
    expect(written.length - left.length).toBe(3); // its index entries stay with it, so links list shows it
    expect(left).toHaveLength(2);
    expect(left[0]).toMatch(/^portal\/link-files\/acme\/.+\.json$/);
    expect(left[1]).toMatch(/^portal\/links\/acme\/.+\.json$/);
    expect(JSON.parse((await readText(store, left[1]!))!)).toMatchObject({ pending: true });
    for (const key of written) await store.delete(key);
  });

  it("writes no page when the pending record cannot be written", async () => {
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "PUT" && r.path.includes("/portal/links/") });
    const before = await allKeys(store);
    await expect(publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(StorageError);
    expect(proxy.requests.some((r) => r.method === "PUT" && r.path.endsWith(".html"))).toBe(false);
    expect(await allKeys(store)).toEqual(before);
  });

  it("leaves nothing behind when the page cannot be written", async () => {
    proxy.inject(faults.internalError(), { match: (r) => r.method === "PUT" });
    const before = await allKeys(store);
    await expect(publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(/put .*failed/);
    expect(await allKeys(store)).toEqual(before);
  });

  it("leaves nothing behind when the file set cannot be written, though the page was written beside it", async () => {
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "PUT" && r.path.includes("/portal/link-files/") });
    const before = await allKeys(store);
    await expect(publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(StorageError);
    expect(proxy.requests.some((r) => r.method === "PUT" && r.path.endsWith(".html"))).toBe(true);
    expect(await allKeys(store)).toEqual(before);
  });

  it("removes the index entries it wrote while listing when a later listing page fails", async () => {
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "GET" && r.url.includes("list-type=2") && r.url.includes("continuation-token") });
    const before = await allKeys(store);
    await expect(publisherFor(store, { listing: { pageSize: 1 } }).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(/s3:ListBucket/);
    expect(proxy.requests.some((r) => r.method === "PUT" && r.path.includes("/portal/link-index/"))).toBe(true);
    expect(await allKeys(store)).toEqual(before);
  });

  it("reports a listing failure as a StorageError and writes nothing", async () => {
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "GET" && r.url.includes("list-type=2") });
    await expect(publisherFor(store).publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow(/s3:ListBucket/);
    expect(proxy.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
  });

  it("writes nothing when the signing key cannot be loaded", async () => {
    const publisher = publisherFor(store, { signingKey: () => Promise.reject(new Error("no active key")) });
    await expect(publisher.publish({ client: "acme", expiresAt: week, issuedBy: "t" })).rejects.toThrow("no active key");
    expect(proxy.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
  });

  it("refuses a missing client folder with NotFoundError and writes nothing", async () => {
    const error = await publisherFor(store).publish({ client: "nobody", expiresAt: week, issuedBy: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/no client folder "nobody"/);
    expect(proxy.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
  });

  it("refuses a client folder that holds only folder markers and published pages", async () => {
    await store.put(`${PREFIX}/empty/`, "");
    await store.put(`${PREFIX}/empty/sub/`, "");
    await store.put(`${PREFIX}/empty/_links/old.html`, "<p>old page</p>");
    const before = await allKeys(store);
    await expect(publisherFor(store).publish({ client: "empty", expiresAt: week, issuedBy: "t" })).rejects.toThrow(/"empty" has no files to share/);
    expect(await allKeys(store)).toEqual(before);
  });

  it.each([
    ["../portal", /contains a \//],
    ["..", /relative path segment/],
    [".", /relative path segment/],
    ["acme/sub", /contains a \//],
    ["_links", /reserved folder name/],
    ["", /is empty/],
    ["a\u0000b", /control character/],
    ["a\u0085b", /control character/],
  ])("refuses the client name %j before touching the store", async (client, message) => {
    await expect(publisherFor(store).publish({ client, expiresAt: week, issuedBy: "t" })).rejects.toThrow(message);
    expect(proxy.requests).toHaveLength(0);
  });

  it.each([
    ["an expiry in the past", { expiresAt: new Date(T0.getTime() - 1000) }, /not in the future/],
    ["an expiry equal to now", { expiresAt: T0 }, /not in the future/],
    ["an expiry beyond the maximum", { expiresAt: new Date(T0.getTime() + 367 * DAY) }, /maximum of 366 days/],
    ["an absurd expiry", { expiresAt: new Date("+275760-09-13T00:00:00Z") }, /maximum of 366 days/],
    ["an invalid date", { expiresAt: new Date("nope") }, /not a valid date/],
    ["a start after the expiry", { expiresAt: week, notBefore: new Date(week.getTime() + 1000) }, /must be before the expiry/],
    ["an IPv6 range", { expiresAt: week, ipRange: "2001:db8::/32" }, /not an IPv4 address/],
    ["a prefix length of 33", { expiresAt: week, ipRange: "10.0.0.0/33" }, /prefix length/],
  ])("refuses %s with InvalidRequestError and writes nothing", async (_name, terms, message) => {
    const error = await publisherFor(store).publish({ client: "acme", issuedBy: "t", ...terms }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(message);
    expect(proxy.requests).toHaveLength(0);
  });

  it("honours a configured maximum expiry and names it", async () => {
    const publisher = publisherFor(store, { maxExpiryMs: 30 * DAY });
    await expect(publisher.publish({ client: "acme", issuedBy: "t", expiresAt: new Date(T0.getTime() + 31 * DAY) })).rejects.toThrow(/maximum of 30 days/);
    await expect(publisher.publish({ client: "acme", issuedBy: "t", expiresAt: new Date(T0.getTime() + 30 * DAY) })).resolves.toMatchObject({ fileCount: 2 });
  });

  it("records the conditions and signs the page with a custom policy when a start time and IP range are given", async () => {
    const notBefore = new Date(T0.getTime() + DAY);
    const record = await publisherFor(store).publish({ client: "acme", issuedBy: "t", expiresAt: week, notBefore, ipRange: "192.0.2.7", hashAlgorithm: "SHA256" });
    expect(record).toMatchObject({ notBefore: notBefore.toISOString(), ipRange: "192.0.2.7/32", hashAlgorithm: "SHA256" });
    expect(record.url).toMatch(new RegExp(`\\?l=${record.linkId}&Policy=.*&Hash-Algorithm=SHA256$`));
  });

  it("shares one wildcard query string across the page and every file in folder mode", async () => {
    const record = await publisherFor(store).publish({ client: "acme", issuedBy: "t", expiresAt: week, mode: "folder" });
    const page = await store.get(record.pageKey);
    const html = await new Response(page!.body as unknown as ReadableStream).text();
    const queries = new Set([record.url, ...pageLinks(html)].map((u) => new URL(u).search));
    expect(queries.size).toBe(1);
    const policy = JSON.parse(Buffer.from(new URLSearchParams([...queries][0]).get("Policy")!.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64").toString());
    // The link id ends the resource, so the signature covers it in folder mode too (docs/revocation.md).
    expect(policy.Statement[0].Resource).toBe(`https://files.example.com/acme/*?l=${record.linkId}`);
    expect([...queries][0]).toMatch(new RegExp(`^\\?l=${record.linkId}&Policy=`));
  });

  it("keeps the record readable through LinkRecords", async () => {
    const publisher = publisherFor(store);
    const record = await publisher.publish({ client: "acme", expiresAt: week, issuedBy: "t" });
    expect(await publisher.records.get("acme", record.linkId)).toEqual(record);
    expect(await store.head(linkRecordKey("acme", record.linkId))).toBeDefined();
  });
});
