// Listing file requests reads request records only (docs/architecture.md#lists-by-cursor): the link
// index's keys tell a request from a link that shares files, so a client with many links and a few
// requests costs the client page and `requests ls` the request records, not every link record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_INDEX_PREFIX, LINK_INDEX_READY, LINK_INDEX_VERSION } from "../../lib/links/link-index.js";
import { linkRecordKey, type LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import type { FileRequestServices } from "../../lib/requests/create-requests.js";
import { FileRequests } from "../../lib/requests/file-requests.js";
import { listAll } from "../../lib/storage/list-all.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { readText } from "../../lib/storage/read-text.js";
import { countingLinkReads } from "../support/counting-store.js";
import { rsaSigningKey } from "../support/vectors.js";
import { asUser, DAY, portal, PREFIX, PUBLIC_URL, session, START, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

const SHARES = 120;
const REQUESTS = 12;

function record(i: number, client: string, request: boolean): LinkRecord {
  const linkId = `${request ? "req" : "lnk"}${String(i).padStart(5, "0")}${"x".repeat(14)}`;
  return {
    linkId,
    client,
    url: `${PUBLIC_URL}/${client}/_links/${linkId}.html`,
    pageKey: `${PREFIX}/${client}/_links/${linkId}.html`,
    issuedBy: "t",
    // Requests among the share links: one every tenth minute, the newest last.
    issuedAt: new Date(START.getTime() - (1000 - i) * 60_000).toISOString(),
    expiresAt: new Date(START.getTime() + 7 * DAY).toISOString(),
    keyPairId: "K1",
    hashAlgorithm: "SHA1",
    mode: request ? "request" : "per-file",
    fileCount: request ? 0 : 1,
    bytes: request ? 0 : 1,
    ...(request ? { request: { maxFileSize: 1024 } } : {}),
  };
}

describe("file requests listed from the link index", () => {
  let base: TestStore;
  let p: TestPortal;
  let counted: ReturnType<typeof countingLinkReads>;
  let requests: FileRequests;
  const made: LinkRecord[] = [];

  beforeAll(async () => {
    base = await storeWithUsers();
    counted = countingLinkReads(base.store);
    p = portal(base, { store: counted.store });
    const services = p.deps.services;
    requests = new FileRequests({ store: counted.store, records: services.records, catalog: services.catalog, prefix: PREFIX, publicUrl: PUBLIC_URL, signingKey: async () => rsaSigningKey, clock: () => p.clock(), maxFileSize: 1024 ** 3 });
    services.requests = { requests } as FileRequestServices;
    await services.records.ensureIndex(); // as a store in use has it: built once, before these links
    for (let i = 0; i < SHARES + REQUESTS; i += 12) {
      const batch = Array.from({ length: 12 }, (_, j) => i + j).map((n) => record(n, "acme-corp", n % 10 === 9 && n / 10 < REQUESTS));
      made.push(...batch);
      await Promise.all(batch.map((r) => services.records.create(r)));
    }
    // Another client's request, which no list of acme-corp shows.
    await services.records.create(record(SHARES + REQUESTS, "globex", true));
  });
  afterAll(() => base.cleanup());

  const newestRequests = () => made.filter((r) => r.mode === "request").reverse().map((r) => r.linkId);

  it("a page of one client's requests reads only the records it shows, and says there is more", async () => {
    expect(newestRequests()).toHaveLength(REQUESTS);
    const before = counted.gets();
    const page = await requests.page({ client: "acme-corp", limit: 10 });
    expect(page.requests.map((r) => r.record.linkId)).toEqual(newestRequests().slice(0, 10));
    expect(page.requests.every((r) => r.status === "open" && r.files === 0)).toBe(true);
    expect(page.next).toBeDefined();
    expect(counted.gets() - before).toBe(10);
  });

  it("`requests ls CLIENT` lists every request of the client, reading the request records only", async () => {
    const before = counted.gets();
    const all = await requests.list("acme-corp");
    expect(all.map((r) => r.record.linkId)).toEqual(newestRequests());
    expect(counted.gets() - before).toBe(REQUESTS);
    expect((await requests.list()).map((r) => r.record.client)).toEqual(["globex", ...newestRequests().map(() => "acme-corp")]);
  });

  it("the client page shows the newest requests, reading no share link's record beyond its latest links, and says where the rest are", async () => {
    const s = await session(p);
    const before = counted.gets();
    const html = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    // The latest links (20, for recent activity) and the 10 requests shown: not the 120 share links.
    expect(counted.gets() - before).toBeLessThanOrEqual(20 + 10);
    for (const id of newestRequests().slice(0, 10)) expect(html).toContain(`/requests/${id}`);
    for (const id of newestRequests().slice(10)) expect(html).not.toContain(`/requests/${id}"`);
    expect(html).toContain("The 10 newest are shown");
    expect(html).toContain("signed-share requests ls acme-corp");
  });

  it("GET /api/requests?client= reads the request records only", async () => {
    const s = await session(p);
    const before = counted.gets();
    const response = await p.app.request("/api/requests?client=acme-corp", asUser(s.cookie));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { requests: { requestId: string }[] }).requests.map((r) => r.requestId)).toEqual(newestRequests());
    expect(counted.gets() - before).toBe(REQUESTS);
  });
});

it("upgrades an index whose entries lack the kind (version 2) once: requests are found, the old entries go", async () => {
  const base = await storeWithUsers();
  try {
    const old = new LocalObjectStore(`${base.dir}/v2`);
    const share = record(1, "acme-corp", false);
    const request = record(2, "acme-corp", true);
    for (const r of [share, request]) {
      await old.put(linkRecordKey(r.client, r.linkId), JSON.stringify(r));
      const entry = `${String(9_999_999_999_999 - Date.parse(r.issuedAt)).padStart(13, "0")}_${r.linkId}_${Math.floor(Date.parse(r.expiresAt) / 1000)}_0_a_f`;
      await old.put(`${LINK_INDEX_PREFIX}all/${entry}/${r.client}`, "");
      await old.put(`${LINK_INDEX_PREFIX}clients/${r.client}/${entry}`, "");
      await old.put(`${LINK_INDEX_PREFIX}ids/${r.linkId}/${r.client}`, "");
    }
    await old.put(LINK_INDEX_READY, JSON.stringify({ version: 2, builtAt: START.toISOString(), records: 2 }));
    const records = new LinkRecords({ store: old, clock: () => START });
    expect((await records.page({ kind: "request" })).links.map((l) => l.linkId)).toEqual([request.linkId]);
    expect(JSON.parse((await readText(old, LINK_INDEX_READY))!).version).toBe(LINK_INDEX_VERSION);
    const keys: string[] = [];
    for await (const o of listAll(old, LINK_INDEX_PREFIX)) if (!o.key.includes("/ids/") && !o.key.endsWith("ready.json")) keys.push(o.key);
    expect(keys).toHaveLength(4);
    expect(keys.filter((key) => key.includes(`_q_a_f`))).toHaveLength(2);
    expect(keys.filter((key) => key.includes(`_s_a_f`))).toHaveLength(2);
    expect((await records.page({ kind: "share" })).links.map((l) => l.linkId)).toEqual([share.linkId]);
    expect((await records.page({})).links.map((l) => l.linkId)).toEqual([request.linkId, share.linkId]);
  } finally {
    await base.cleanup();
  }
});
