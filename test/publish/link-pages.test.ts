import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countingLinkReads } from "../support/counting-store.js";
import { InvalidRequestError } from "../../lib/errors.js";
import { linkRecordKey, type LinkRecord, type LinkStatus } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { LINK_INDEX_READY } from "../../lib/links/link-index.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { freshStore } from "./helpers.js";

/** Lists page by cursor and read only the records they show (docs/architecture.md#lists-by-cursor). */
const NOW = new Date("2030-06-01T00:00:00Z");
const CLIENTS = ["acme", "bü ta", "c_d"];

/** 90 links, one a minute, across three clients; some expired, some revoked, some not yet valid. */
function records(): LinkRecord[] {
  return Array.from({ length: 90 }, (_, i) => {
    const issuedAt = new Date(NOW.getTime() - (100 - i) * 60_000);
    const linkId = `link${String(i).padStart(4, "0")}${"x".repeat(14)}`;
    const client = CLIENTS[i % 3]!;
    return {
      linkId,
      client,
      url: `https://files.example.com/${client}/_links/${linkId}.html`,
      pageKey: `client_files/${client}/_links/${linkId}.html`,
      issuedBy: "t",
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(i % 5 === 0 ? NOW.getTime() - 1000 : NOW.getTime() + 86_400_000).toISOString(),
      ...(i % 11 === 0 ? { notBefore: new Date(NOW.getTime() + 3_600_000).toISOString() } : {}),
      keyPairId: "K1",
      hashAlgorithm: "SHA1",
      mode: "per-file",
      fileCount: 1,
      bytes: 1,
      ...(i % 7 === 0 ? { revoked: { at: NOW.toISOString(), by: "t", reason: "revoked by t" } } : {}),
    } satisfies LinkRecord;
  });
}

async function allPages(records: LinkRecords, query: { client?: string; status?: LinkStatus; limit: number }): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await records.page({ ...query, ...(cursor ? { cursor } : {}) });
    expect(page.links.length).toBeLessThanOrEqual(query.limit);
    seen.push(...page.links.map((l) => l.linkId));
    cursor = page.next;
  } while (cursor);
  return seen;
}

describe.each(["local", "s3"] as const)("link lists by cursor (%s store)", (kind) => {
  let dir: string;
  let s3: FauxqsHandle | undefined;
  let store: ObjectStore;
  const all = records();
  const newestFirst = [...all].reverse();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "link-pages-"));
    if (kind === "s3") {
      s3 = await startFauxqs();
      store = await freshStore(s3);
    } else store = new LocalObjectStore(dir);
    const writer = new LinkRecords({ store, clock: () => NOW });
    await writer.ensureIndex();
    for (const record of all) await writer.create(record);
  }, 60_000);
  afterAll(async () => {
    await s3?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("pages through every link newest first, each page reading only the records it shows", async () => {
    const { store: watched, gets } = countingLinkReads(store);
    const records = new LinkRecords({ store: watched, clock: () => NOW });
    const first = await records.page({ limit: 20 });
    expect(first.links.map((l) => l.linkId)).toEqual(newestFirst.slice(0, 20).map((r) => r.linkId));
    expect(first.next).toBeDefined();
    expect(gets()).toBe(20);
    const second = await records.page({ limit: 20, cursor: first.next! });
    expect(second.links.map((l) => l.linkId)).toEqual(newestFirst.slice(20, 40).map((r) => r.linkId));
    expect(await allPages(records, { limit: 20 })).toEqual(newestFirst.map((r) => r.linkId));
  });

  it("filters by client and by status from the index, with each link's status now", async () => {
    const records = new LinkRecords({ store, clock: () => NOW });
    for (const client of CLIENTS) expect(await allPages(records, { client, limit: 7 })).toEqual(newestFirst.filter((r) => r.client === client).map((r) => r.linkId));
    for (const status of ["active", "expired", "revoked", "scheduled"] as const) {
      const { store: watched, gets } = countingLinkReads(store);
      const expected = newestFirst.filter((r) => (r.revoked ? "revoked" : Date.parse(r.expiresAt) <= NOW.getTime() ? "expired" : r.notBefore ? "scheduled" : "active") === status);
      expect(await allPages(new LinkRecords({ store: watched, clock: () => NOW }), { status, limit: 1000 }), status).toEqual(expected.map((r) => r.linkId));
      expect(gets(), status).toBe(expected.length);
    }
    const page = await records.page({ client: "acme", status: "active", limit: 3 });
    expect(page.links.every((l) => l.client === "acme" && l.status === "active")).toBe(true);
  });

  it("follows a revocation written after the link was listed", async () => {
    const records = new LinkRecords({ store, clock: () => NOW });
    const target = (await records.page({ status: "active", limit: 1 })).links[0]!;
    await records.write({ ...target, revoked: { at: NOW.toISOString(), by: "t", reason: "revoked by t" } });
    expect((await records.page({ status: "active", limit: 1000 })).links.map((l) => l.linkId)).not.toContain(target.linkId);
    expect((await records.page({ status: "revoked", limit: 1000 })).links.map((l) => l.linkId)).toContain(target.linkId);
    expect((await records.page({ limit: 1000 })).links.filter((l) => l.linkId === target.linkId)).toHaveLength(1);
    expect((await records.find(target.linkId))?.revoked).toBeDefined();
  });

  it("refuses a cursor it did not hand out, or one of another list", async () => {
    const records = new LinkRecords({ store, clock: () => NOW });
    await expect(records.page({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(InvalidRequestError);
    const next = (await records.page({ limit: 1 })).next!;
    await expect(records.page({ client: "acme", cursor: next })).rejects.toThrow(InvalidRequestError);
  });

  it("builds the index once from records written before it existed", async () => {
    const legacy = new LocalObjectStore(join(dir, "legacy"));
    const target = kind === "s3" ? await freshStore(s3!) : legacy;
    for (const record of all.slice(0, 30)) await target.put(linkRecordKey(record.client, record.linkId), JSON.stringify(record));
    const records = new LinkRecords({ store: target, clock: () => NOW });
    expect(await target.head(LINK_INDEX_READY)).toBeUndefined();
    expect((await records.page({ limit: 5 })).links.map((l) => l.linkId)).toEqual(all.slice(25, 30).reverse().map((r) => r.linkId));
    expect(await target.head(LINK_INDEX_READY)).toBeDefined();
    expect((await records.find(all[3]!.linkId))?.client).toBe(all[3]!.client);
  });
});
