// Link records on the one JSON store (lib/storage/json-collection.ts, schema lib/links/link-record-schema.ts):
// a damaged record names its object, stays as it is and is left out of listings; records in the
// shapes earlier versions wrote still read.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkRecordKey, type LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { loadConfig } from "../../lib/config.js";
import { createServices } from "../../lib/ops/compose.js";
import { DamagedRecordError } from "../../lib/storage/json-collection.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { readText } from "../../lib/storage/read-text.js";

const NOW = new Date("2030-01-10T00:00:00Z");
let dir: string;
let store: LocalObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "damaged-link-"));
  store = new LocalObjectStore(join(dir, "data"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const id = (n: number) => `link${String(n).padStart(18, "0")}`;

/** A record as this version writes it. */
function record(n: number, overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    linkId: id(n),
    client: "acme",
    url: `https://files.example.com/acme/_links/${id(n)}.html?sig`,
    pageKey: `client_files/acme/_links/${id(n)}.html`,
    issuedBy: "olivia",
    issuedAt: new Date(NOW.getTime() - n * 60_000).toISOString(),
    expiresAt: "2030-02-01T00:00:00.000Z",
    keyPairId: "K2JCJMDEHXQW5F",
    hashAlgorithm: "SHA256",
    mode: "per-file",
    fileCount: 2,
    bytes: 20,
    label: "March invoices",
    recipients: ["jane@acme.example"],
    deliveries: [{ id: "d1", status: "sent", at: NOW.toISOString(), by: "olivia", to: ["jane@acme.example"], via: "the outbox" }],
    ...overrides,
  };
}

/** The first version's record (lib/publish/link-record.ts, f9212ae): no selection, label, deliveries, file set or mode request. */
const FIRST_VERSION = {
  linkId: id(9),
  client: "acme",
  url: `https://files.example.com/acme/_share/${id(9)}.html?sig`,
  pageKey: `client_files/acme/_share/${id(9)}.html`,
  issuedBy: "ops",
  issuedAt: "2029-12-01T00:00:00Z",
  expiresAt: "2030-06-01T00:00:00Z",
  keyPairId: "KOLD",
  hashAlgorithm: "SHA1",
  mode: "folder",
  fileCount: 1,
  bytes: 10,
  aFieldOfALaterVersion: { kept: true },
};

describe("link records on the JSON store", () => {
  it("a damaged record is named when read, left as it is, and skipped by every listing", async () => {
    const damaged: string[] = [];
    const records = new LinkRecords({ store, clock: () => NOW, onDamaged: (key) => damaged.push(key) });
    for (const n of [1, 2, 3]) await records.create(record(n));
    // Record 2 is damaged after it was indexed: once not JSON, once JSON with a field of the wrong type.
    const key = linkRecordKey("acme", id(2));
    for (const body of ['{"linkId": "cut off', `${JSON.stringify({ ...record(2), fileCount: "many" })}\n`]) {
      await store.put(key, body);
      damaged.length = 0;

      const error = await records.get("acme", id(2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DamagedRecordError);
      expect((error as DamagedRecordError).message).toContain(key);
      expect((error as DamagedRecordError).kind).toBe("internal");

      const page = await records.page({ client: "acme" });
      expect(page.links.map((l) => l.linkId)).toEqual([id(1), id(3)]);
      expect((await records.list("acme")).map((l) => l.linkId)).toEqual([id(1), id(3)]);
      expect(damaged).toEqual([key, key]);

      await expect(records.update("acme", id(2), (r) => ({ ...r, label: "x" }))).rejects.toBeInstanceOf(DamagedRecordError);
      expect(await readText(store, key)).toBe(body);
    }
  });

  it("reads a record in the first version's shape, keeps fields it does not know, and reads partial records tools wrote", async () => {
    await store.put(linkRecordKey("acme", id(9)), JSON.stringify(FIRST_VERSION));
    await store.put(linkRecordKey("acme", "l1"), JSON.stringify({ linkId: "l1", client: "acme", keyPairId: "KOLD", expiresAt: "2030-02-01T00:00:00Z" }));
    const records = new LinkRecords({ store, clock: () => NOW });
    // The index is built from the records on first use (a store older than the index).
    const page = await records.page({ client: "acme" });
    expect(page.links.map((l) => [l.linkId, l.status])).toEqual(expect.arrayContaining([[id(9), "active"]]));
    expect(await records.get("acme", id(9))).toEqual(FIRST_VERSION);
    expect(await records.get("acme", "l1")).toMatchObject({ keyPairId: "KOLD" });

    const edited = await records.update("acme", id(9), (r) => ({ ...r, label: "Old link" }));
    expect(edited.label).toBe("Old link");
    expect(JSON.parse((await readText(store, linkRecordKey("acme", id(9))))!)).toEqual({ ...FIRST_VERSION, label: "Old link" });
  });

  it("the composed services tell the log which record was skipped", async () => {
    const config = loadConfig({ env: { SHARE_DATA_DIR: join(dir, "data"), SHARE_PUBLIC_URL: "https://files.example.com" } });
    const logged: Record<string, unknown>[] = [];
    const services = createServices(config, { clock: () => NOW, store, mailer: null, activity: null, logFields: (fields) => logged.push(fields) });
    await services.records.write(record(1));
    await store.put(linkRecordKey("acme", id(2)), JSON.stringify({ ...record(2), issuedAt: 7 }));
    expect((await services.records.list("acme")).map((r) => r.linkId)).toEqual([id(1)]);
    expect(logged).toEqual([expect.objectContaining({ event: "damaged-link-record", key: linkRecordKey("acme", id(2)) })]);
  });
});
