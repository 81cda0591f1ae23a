import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../../lib/audit/audit-log.js";
import type { NewAuditEvent } from "../../lib/audit/audit-entry.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";

let dir: string;
let store: ObjectStore;
let now: Date;
let log: AuditLog;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-log-"));
  store = new LocalObjectStore(dir);
  now = new Date("2026-03-02T09:00:00Z");
  log = new AuditLog(store, () => now, "truncated");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const event = (over: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  at: now.toISOString(),
  event: "link-issued",
  operation: "links.issue",
  actor: { name: "olivia", role: "operator", via: "portal" },
  from: "203.0.113.9",
  outcome: "ok",
  details: {},
  ...over,
});

describe("the audit log", () => {
  it("writes one object per event and never a secret, password or signature, whatever the writer passes", async () => {
    const written = await log.record(
      event({ client: "acme", details: { linkId: "abc", password: "hunter2hunter2", totpCode: "123456", url: "https://d.example.com/acme/_links/x.html?l=abc&Expires=1&Signature=SIG&Key-Pair-Id=K", note: "plain" } }),
    );
    expect(written).toMatchObject({ event: "link-issued", client: "acme", from: "203.0.113.0/24", outcome: "ok" });
    const text = JSON.stringify(written);
    for (const secret of ["hunter2", "123456", "SIG", "Key-Pair-Id"]) expect(text).not.toContain(secret);
    expect(written.details).toEqual({ linkId: "abc", url: "https://d.example.com/acme/_links/x.html?[signature removed]", note: "plain" });
    const none = new AuditLog(store, () => now, "none");
    expect((await none.record(event())).from).toBeNull();
  });

  it("skips an object in the trail that is not an event (not JSON, or not the event schema) and lists the others", async () => {
    const kept = await log.record(event({ details: { n: 1 } }));
    const damaged = await log.record(event({ details: { n: 2 } }));
    const garbled = await log.record(event({ details: { n: 3 } }));
    const keyOf = async (id: string) => (await store.list({ prefix: "portal/audit/" })).objects.map((o) => o.key).find((key) => key.includes(id))!;
    await store.put(await keyOf(damaged.id), JSON.stringify({ ...damaged, actor: "olivia" }));
    await store.put(await keyOf(garbled.id), "{not json");
    expect((await log.page({})).events.map((e) => e.id)).toEqual([kept.id]);
  });

  it("never rewrites an event: two events in the same millisecond are two objects", async () => {
    await Promise.all(Array.from({ length: 20 }, () => log.record(event())));
    const days = await readdir(join(dir, "portal/audit"));
    expect(days).toHaveLength(1);
    expect(await readdir(join(dir, "portal/audit", days[0]!))).toHaveLength(20);
  });

  it("pages newest first by cursor and filters by user, client, action and time without reading other events", async () => {
    for (let i = 0; i < 30; i++) {
      now = new Date(Date.parse("2026-03-01T00:00:00Z") + i * 3 * 3600_000); // across four days
      await log.record(event({ client: i % 3 === 0 ? "acme" : "globex", actor: { name: i % 2 ? "olivia" : "bob", via: "cli" }, event: i % 5 === 0 ? "link-revoked" : "link-issued", details: { n: i } }));
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.page({}, { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.details.n as number));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));

    const reads: string[] = [];
    const counting: ObjectStore = Object.assign(Object.create(store), { get: (key: string) => (reads.push(key), store.get(key)) });
    const filtered = new AuditLog(counting, () => now);
    const acme = await filtered.page({ client: "acme", user: "bob" }, { limit: 100 });
    expect(acme.events.map((e) => e.details.n)).toEqual([24, 18, 12, 6, 0]);
    expect(reads).toHaveLength(5); // only the events shown are read
    expect((await log.page({ action: "link-revoked" })).events.map((e) => e.details.n)).toEqual([25, 20, 15, 10, 5, 0]);
    expect((await log.page({ action: "link-*", user: "nobody" })).events).toEqual([]);
    const window = await log.page({ since: new Date("2026-03-02T00:00:00Z"), until: new Date("2026-03-02T12:00:00Z") });
    expect(window.events.map((e) => e.details.n)).toEqual([12, 11, 10, 9, 8]);
    await expect(log.page({}, { cursor: "../../etc" })).rejects.toThrow(/cursor/);
  });

  it("finds an event about several clients by any of them, and long names by their hash", async () => {
    const long = "c".repeat(300);
    await log.record(event({ event: "links-revoked", details: { clients: ["acme", "globex"] } }));
    await log.record(event({ client: long, actor: { name: "x".repeat(300), via: "portal" } }));
    expect((await log.page({ client: "globex" })).events.map((e) => e.event)).toEqual(["links-revoked"]);
    expect((await log.page({ client: "initech" })).events).toEqual([]);
    expect((await log.page({ client: long, user: "x".repeat(300) })).events).toHaveLength(1);
  });

  it("exports oldest first, from a date, for one client", async () => {
    for (let i = 0; i < 6; i++) {
      now = new Date(Date.parse("2026-03-01T20:00:00Z") + i * 2 * 3600_000);
      await log.record(event({ client: i % 2 ? "acme" : "globex", details: { n: i } }));
    }
    const all: number[] = [];
    for await (const e of log.export({ since: new Date("2026-03-01T21:00:00Z"), client: "acme" })) all.push(e.details.n as number);
    expect(all).toEqual([1, 3, 5]);
  });
});

describe("the CSV export", () => {
  it("quotes what must be quoted and keeps a spreadsheet from running a name as a formula", async () => {
    const { auditCsvHeader, auditCsvLine } = await import("../../lib/audit/audit-csv.js");
    const written = await log.record(event({ client: '=HYPERLINK("http://x","y")', actor: { name: "ann, \"the\" admin", via: "cli" }, details: { n: 1 } }));
    expect(auditCsvHeader()).toBe("at,event,operation,actor,role,via,from,outcome,client,details\r\n");
    expect(auditCsvLine(written)).toBe(`2026-03-02T09:00:00.000Z,link-issued,links.issue,"ann, ""the"" admin",,cli,203.0.113.0/24,ok,"'=HYPERLINK(""http://x"",""y"")","{""n"":1}"\r\n`);
  });
});
