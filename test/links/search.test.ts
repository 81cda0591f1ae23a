// Labels, recipients and search (docs/links.md#labels-and-search): search reads the link index, not
// every record; labels are checked; edits move the index entries and are audited; revoking several
// links gives an outcome and an audit event per link.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countingLinkReads } from "../support/counting-store.js";
import { loadConfig } from "../../lib/config.js";
import { InvalidRequestError } from "../../lib/errors.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { LINK_INDEX_PREFIX, LINK_INDEX_READY, LINK_INDEX_VERSION, SUMMARY_BYTES } from "../../lib/links/link-index.js";
import { linkRecordKey, type LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { createServices } from "../../lib/ops/compose.js";
import type { Actor } from "../../lib/ops/operation.js";
import { ops } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";
import type { AuditEntry, Services } from "../../lib/ops/services.js";
import { listAll } from "../../lib/storage/list-all.js";
import { readText } from "../../lib/storage/read-text.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { rsaTestKey } from "../support/vectors.js";

const NOW = new Date("2030-06-01T00:00:00Z");
const ACTOR: Actor = { name: "olivia", role: "operator", via: "cli" };

function record(i: number, extra: Partial<LinkRecord> = {}): LinkRecord {
  const linkId = `link${String(i).padStart(4, "0")}${"y".repeat(14)}`;
  const client = ["acme", "globex", "initech"][i % 3]!;
  return {
    linkId,
    client,
    url: `https://files.example.com/${client}/_links/${linkId}.html`,
    pageKey: `client_files/${client}/_links/${linkId}.html`,
    issuedBy: "t",
    issuedAt: new Date(NOW.getTime() - (1000 - i) * 60_000).toISOString(),
    expiresAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
    keyPairId: "K1",
    hashAlgorithm: "SHA1",
    mode: "per-file",
    fileCount: 1,
    bytes: 1,
    ...extra,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "link-search-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("search from the link index", () => {
  let store: LocalObjectStore;
  const all = Array.from({ length: 60 }, (_, i) =>
    record(i, {
      ...(i % 10 === 0 ? { label: `March invoices ${i}` } : {}),
      ...(i === 7 ? { recipients: ["Jane.Doe@Example.com"] } : {}),
      ...(i === 8 ? { deliveries: [{ id: "d1", status: "sent" as const, at: NOW.toISOString(), by: "t", to: ["bob@partner.example"] }] } : {}),
      ...(i === 9 ? { label: `Überweisung ${"ü".repeat(100)} tail-word` } : {}),
    }),
  );
  beforeAll(async () => {
    store = new LocalObjectStore(join(dir, "index"));
    const writer = new LinkRecords({ store, clock: () => NOW });
    await writer.ensureIndex();
    for (const r of all) await writer.create(r);
  });

  const ids = (page: { links: { linkId: string }[] }) => page.links.map((l) => l.linkId);

  it("finds links by label, recipient, sent-to address, id and client, in any case, reading only the records that match", async () => {
    const { store: watched, gets } = countingLinkReads(store);
    const records = new LinkRecords({ store: watched, clock: () => NOW });
    const labelled = all.filter((r) => r.label?.startsWith("March")).reverse();
    expect(ids(await records.page({ search: "MARCH invoices", limit: 100 }))).toEqual(labelled.map((r) => r.linkId));
    expect(gets()).toBe(labelled.length + 1); // and the one whose long label the index holds cut (link 9)
    expect(ids(await records.page({ search: "jane.doe@example", limit: 100 }))).toEqual([all[7]!.linkId]);
    expect(ids(await records.page({ search: "partner.example", limit: 100 }))).toEqual([all[8]!.linkId]);
    expect(ids(await records.page({ search: all[42]!.linkId.toUpperCase(), limit: 100 }))).toEqual([all[42]!.linkId]);
    expect(ids(await records.page({ search: "initech", limit: 100 }))).toEqual(all.filter((r) => r.client === "initech").reverse().map((r) => r.linkId));
    expect(ids(await records.page({ search: "nothing like this", limit: 100 }))).toEqual([]);
  });

  it("finds words past the part of a long label the index holds, by reading the records whose text was cut", async () => {
    const names = await Promise.all([listAll(store, `${LINK_INDEX_PREFIX}clients/`)].map(async (it) => { const keys: string[] = []; for await (const o of it) keys.push(o.key); return keys; }));
    const cut = names[0]!.find((key) => key.includes(all[9]!.linkId))!;
    expect(cut.slice(cut.lastIndexOf("/") + 1).length).toBeLessThanOrEqual(62 + SUMMARY_BYTES);
    expect(cut).toMatch(/_a_t/);
    const records = new LinkRecords({ store, clock: () => NOW });
    expect(ids(await records.page({ search: "tail-word", limit: 10 }))).toEqual([all[9]!.linkId]);
    expect(ids(await records.page({ search: "überweisung", limit: 10 }))).toEqual([all[9]!.linkId]);
  });

  it("pages a search by cursor with the client filter, every match once", async () => {
    const records = new LinkRecords({ store, clock: () => NOW });
    const expected = all.filter((r) => r.client === "acme" && r.label?.startsWith("March")).reverse().map((r) => r.linkId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await records.page({ client: "acme", search: "march", limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
  });

  it("refuses a search with a control character", async () => {
    const records = new LinkRecords({ store, clock: () => NOW });
    await expect(records.page({ search: "a\u0000b" })).rejects.toThrow(InvalidRequestError);
  });

  it("upgrades an index written before entries carried the search text, once", async () => {
    const old = new LocalObjectStore(join(dir, "v1"));
    const labelled = record(3, { label: "Legacy label" });
    const plain = record(4);
    for (const r of [labelled, plain]) {
      await old.put(linkRecordKey(r.client, r.linkId), JSON.stringify(r));
      const entry = `${String(9_999_999_999_999 - Date.parse(r.issuedAt)).padStart(13, "0")}_${r.linkId}_${Math.floor(Date.parse(r.expiresAt) / 1000)}_0_a`;
      await old.put(`${LINK_INDEX_PREFIX}all/${entry}/${r.client}`, "");
      await old.put(`${LINK_INDEX_PREFIX}clients/${r.client}/${entry}`, "");
      await old.put(`${LINK_INDEX_PREFIX}ids/${r.linkId}/${r.client}`, "");
    }
    await old.put(LINK_INDEX_READY, JSON.stringify({ version: 1, builtAt: NOW.toISOString(), records: 2 }));
    const records = new LinkRecords({ store: old, clock: () => NOW });
    expect(ids(await records.page({ search: "legacy", limit: 10 }))).toEqual([labelled.linkId]);
    // Version 2 added the search text; the upgrade writes whatever version is current (3 added the kind).
    expect(JSON.parse((await readText(old, LINK_INDEX_READY))!).version).toBe(LINK_INDEX_VERSION);
    const keys: string[] = [];
    for await (const o of listAll(old, `${LINK_INDEX_PREFIX}all/`)) keys.push(o.key);
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => /_a_f[^/]*\//.test(key))).toBe(true);
    expect(ids(await records.page({ limit: 10 }))).toEqual([plain.linkId, labelled.linkId]);
  });
});

describe("labels, recipients and revoking several links through the operations", () => {
  let services: Services;
  const audit: AuditEntry[] = [];
  beforeAll(async () => {
    const data = join(dir, "ops", "data");
    for (const path of ["acme/report.csv", "globex/invoice.txt"]) {
      await mkdir(join(data, "client_files", path, ".."), { recursive: true });
      await writeFile(join(data, "client_files", path), "x\n");
    }
    const keyStore = new LocalKeyStore(join(data, "keys"));
    await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: NOW.toISOString() });
    const config = loadConfig({ env: { SHARE_DATA_DIR: data, SHARE_PUBLIC_URL: "https://files.example.com" } });
    services = createServices(config, { clock: () => NOW, store: new LocalObjectStore(data), keyStore, auditAlso: { record: async (entry: AuditEntry) => void audit.push(entry) } });
  });
  const issue = async (client: string, extra: Record<string, unknown> = {}) => (await runOperation(ops.links.issue, services, { client, expires: "2d", ...extra }, ACTOR)).link;
  const search = async (text: string) => (await runOperation(ops.links.list, services, { search: text, limit: 50 }, ACTOR)).links.map((l) => l.linkId);

  it("sets a label when issuing, changes it later (audited), and search follows at once", async () => {
    const link = await issue("acme", { label: "  Q1 <b>exports</b>  ", recipients: ["jane@acme.example"] });
    expect(link.label).toBe("Q1 <b>exports</b>");
    expect(await search("<b>EXPORTS")).toEqual([link.linkId]);
    expect(await search("jane@acme")).toEqual([link.linkId]);
    audit.length = 0;
    const edited = await runOperation(ops.links.edit, services, { linkId: link.linkId, label: "Final report", recipients: "bob@acme.example, Carol" }, ACTOR);
    expect(edited).toMatchObject({ changed: true, link: { label: "Final report", recipients: ["bob@acme.example", "Carol"] } });
    expect(audit).toEqual([expect.objectContaining({ event: "link-edited", operation: "links.edit", outcome: "ok", details: expect.objectContaining({ linkId: link.linkId, label: "Final report", recipients: 2 }) })]);
    expect(await search("exports")).toEqual([]);
    expect(await search("final report")).toEqual([link.linkId]);
    expect(await search("carol")).toEqual([link.linkId]);
    const cleared = await runOperation(ops.links.edit, services, { linkId: link.linkId, label: "" }, ACTOR);
    expect(cleared.link.label).toBeUndefined();
    expect(await search("final")).toEqual([]);
  });

  it.each([
    ["a control character", "bad\u0007bell", /label: contains/],
    ["a line break", "two\nlines", /label: contains/],
    ["a direction override", "abc\u202Edef", /label: contains/],
    ["too many characters", "x".repeat(121), /label: at most 120 characters/],
  ])("refuses a label with %s, as bad input naming the field, and changes nothing", async (_, label, message) => {
    const link = await issue("globex");
    await expect(runOperation(ops.links.edit, services, { linkId: link.linkId, label }, ACTOR)).rejects.toMatchObject({ kind: "bad-input", field: "label", message: expect.stringMatching(message) });
    await expect(runOperation(ops.links.issue, services, { client: "globex", expires: "1d", label }, ACTOR)).rejects.toMatchObject({ kind: "bad-input", field: "label" });
    expect((await services.records.get("globex", link.linkId))?.label).toBeUndefined();
  });

  it("records the addresses a link is sent to as its recipients", async () => {
    const link = await issue("globex", { label: "Sent one" });
    services.settings.mail.senderName ??= "Olivia";
    await runOperation(ops.links.send, services, { linkId: link.linkId, to: ["dora@globex.example"] }, ACTOR).catch(() => undefined);
    const record = await services.records.get("globex", link.linkId);
    expect(record?.recipients).toEqual(["dora@globex.example"]);
    expect(await search("dora@")).toEqual([link.linkId]);
  });

  it("revokes several links with an outcome and an audit event per link", async () => {
    const a = await issue("acme");
    const b = await issue("globex");
    audit.length = 0;
    const result = await runOperation(ops.links.revokeMany, services, { linkIds: [a.linkId, b.linkId, a.linkId] }, ACTOR);
    expect(result).toEqual({
      results: [
        { linkId: a.linkId, client: "acme", outcome: "revoked" },
        { linkId: b.linkId, client: "globex", outcome: "revoked" },
      ],
      revoked: 2,
      failed: 0,
    });
    expect(audit.map((e) => [e.event, e.details.linkId, e.outcome])).toEqual([
      ["link-revoked", a.linkId, "ok"],
      ["link-revoked", b.linkId, "ok"],
    ]);
    audit.length = 0;
    const unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    const error = await runOperation(ops.links.revokeMany, services, { linkIds: [a.linkId, unknown] }, ACTOR).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "partial", partial: { revoked: 0, failed: 1, results: [{ outcome: "already-revoked" }, { linkId: unknown, outcome: "failed", error: { kind: "not-found" } }] } });
    expect(audit.map((e) => [e.details.linkId, e.outcome])).toEqual([
      [a.linkId, "ok"],
      [unknown, "not-found"],
    ]);
  });
});
