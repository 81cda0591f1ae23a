// The one JSON store helper (docs/contributing.md#json-stores): reads checked against the schema, writes too, listings stream and skip damage.
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ShareError } from "../../lib/errors.js";
import { DamagedRecordError, JsonCollection } from "../../lib/storage/json-collection.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { readText } from "../../lib/storage/read-text.js";
import { Claims } from "../../lib/delivery/claims.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { UserStore } from "../../lib/users/user-store.js";
import { readJournal } from "../../lib/keys/rotation/journal.js";
import { acquireLock } from "../../lib/keys/rotation/lock.js";

const schema = z.object({ name: z.string(), count: z.number().int().default(0) });

let dir: string;
let store: LocalObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "json-collection-"));
  store = new LocalObjectStore(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("JsonCollection", () => {
  it("writes one JSON object per id and reads it back through the schema (defaults applied)", async () => {
    const things = new JsonCollection(store, { prefix: "portal/things/", schema });
    await things.put("a", { name: "first" });
    expect(await things.get("a")).toEqual({ name: "first", count: 0 });
    expect(await things.get("missing")).toBeUndefined();
    expect(await things.has("a")).toBe(true);
    const object = await store.head("portal/things/a.json");
    expect(object?.contentType).toBe("application/json");
    await things.delete("a");
    expect(await things.get("a")).toBeUndefined();
  });

  it("refuses to write what breaks the schema, and writes nothing", async () => {
    const things = new JsonCollection(store, { prefix: "portal/things/", schema });
    await expect(things.put("a", { name: 3 } as never)).rejects.toThrow(/refusing to write portal\/things\/a\.json: name:/);
    expect(await things.has("a")).toBe(false);
  });

  it("a damaged record is an error naming it (kind internal); a listing skips it and tells onDamaged", async () => {
    const damaged: string[] = [];
    const things = new JsonCollection(store, { prefix: "portal/things/", schema, onDamaged: (key) => damaged.push(key) });
    await things.put("good", { name: "ok", count: 2 });
    await mkdir(join(dir, "portal", "things"), { recursive: true });
    await writeFile(join(dir, "portal", "things", "broken.json"), "{not json");
    await writeFile(join(dir, "portal", "things", "wrong.json"), JSON.stringify({ name: 1 }));
    const error = await things.get("wrong").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedRecordError);
    expect((error as ShareError).kind).toBe("internal");
    expect((error as Error).message).toMatch(/portal\/things\/wrong\.json is damaged \(name: .*\); restore it from a backup or move it away/);
    await expect(things.get("broken")).rejects.toThrow(/broken\.json is damaged \(not JSON\)/);
    expect(await things.all()).toEqual([{ name: "ok", count: 2 }]);
    expect(damaged.sort()).toEqual(["portal/things/broken.json", "portal/things/wrong.json"]);
  });

  it("encodes free-text ids, lists them decoded, and ignores sub-folders and stray files", async () => {
    const things = new JsonCollection(store, { prefix: "portal/things/", schema, encode: encodeURIComponent, decode: decodeURIComponent });
    await things.put("ann@example.com/x", { name: "ann" });
    await store.put("portal/things/sub/inner.json", "{}");
    await store.put("portal/things/notes.txt", "x");
    const ids: string[] = [];
    for await (const entry of things.entries()) ids.push(entry.id);
    expect(ids).toEqual(["ann@example.com/x"]);
    expect(things.key("ann@example.com/x")).toBe("portal/things/ann%40example.com%2Fx.json");
  });

  it("lists more records than one page and one batch of reads, in key order", async () => {
    const things = new JsonCollection(store, { prefix: "portal/things/", schema });
    const names = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, "0")}`);
    await Promise.all(names.map((name) => things.put(name, { name })));
    const listed: string[] = [];
    for await (const entry of things.entries({ concurrency: 4 })) listed.push(entry.value.name);
    expect(listed).toEqual(names);
  });

  it("create writes only when the id has no record yet", async () => {
    const things = new JsonCollection(store, { prefix: "portal/things/", schema });
    expect(await things.create("once", { name: "first" })).toBe(true);
    expect(await things.create("once", { name: "second" })).toBe(false);
    expect((await things.get("once"))?.name).toBe("first");
  });

  it("the stores built on it check what they read: mail settings and delivery claims that are not what they say are named, not trusted", async () => {
    const clock = () => new Date("2026-03-02T09:00:00Z");
    await store.put("portal/mail/users/ann%40example.com.json", JSON.stringify({ user: "ann@example.com", notifications: "yes", updatedAt: "x" }));
    await expect(new MailSettingsStore(store, clock).get("ann@example.com")).rejects.toThrow(/portal\/mail\/users\/ann%40example\.com\.json is damaged \(notifications: /);
    await store.put("portal/mail/claims/L1/expiry-reminder.json", JSON.stringify({ linkId: "L1", event: "expiry-reminder", status: "maybe" }));
    await expect(new Claims(store, clock, "run").get("L1", "expiry-reminder")).rejects.toBeInstanceOf(DamagedRecordError);
  });

  it("users: a damaged account is named (not a stack trace), the listing keeps the others, and the file stays as it was", async () => {
    const users = new UserStore(store, () => new Date("2026-03-02T09:00:00Z"));
    await users.add("ann", "admin", "ann-password-123");
    await users.add("bob", "operator", "bob-password-123");
    const damaged = JSON.stringify({ name: "bob", role: "superuser" });
    await store.put("portal/users/bob.json", damaged);
    await expect(users.get("bob")).rejects.toThrow(/portal\/users\/bob\.json is damaged \(role: /);
    await expect(users.setRole("bob", "admin")).rejects.toBeInstanceOf(DamagedRecordError);
    expect((await users.list()).map((user) => user.name)).toEqual(["ann"]);
    expect(await readText(store, "portal/users/bob.json")).toBe(damaged);
  });

  it("the rotation's journal and lock: damaged ones stop the rotation naming the object, and are left for a person to look at", async () => {
    await store.put("portal/rotation/journal.json", "{ half a journal");
    await expect(readJournal(store)).rejects.toThrow(/portal\/rotation\/journal\.json is damaged \(not JSON\)/);
    await store.put("portal/rotation/journal.json", JSON.stringify({ rotationId: "r1", mode: "sideways" }));
    await expect(readJournal(store)).rejects.toThrow(/portal\/rotation\/journal\.json is damaged \(mode: /);
    await store.put("portal/rotation/lock.json", JSON.stringify({ owner: "x" }));
    await expect(acquireLock(store, { by: "test", clock: () => new Date(), sleep: async () => {} })).rejects.toThrow(/portal\/rotation\/lock\.json is damaged/);
    expect(await readText(store, "portal/rotation/lock.json")).toBe(JSON.stringify({ owner: "x" }));
  });
});
