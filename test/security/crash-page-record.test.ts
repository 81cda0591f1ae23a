import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkRecordsPrefix, type LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { listAll } from "../../lib/storage/list-all.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { readText } from "../../lib/storage/read-text.js";
import { rsaSigningKey } from "../support/vectors.js";
import { runInProcess } from "../support/run-command.js";

let dir: string;
let store: LocalObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "security-crash-"));
  store = new LocalObjectStore(dir);
  await store.put("client_files/acme/report.txt", "acme report\n");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A store on which the process "dies" right after the n-th write: that write and every later one
 * never complete, as when the portal is killed mid-publication.
 */
function dyingAfter(inner: ObjectStore, writes: number): { store: ObjectStore; died: Promise<void> } {
  let done = 0;
  let die: () => void;
  const inFlight: Promise<unknown>[] = [];
  // Writes started before the death (in parallel with the one that dies) are let finish.
  const died = new Promise<void>((resolve) => (die = resolve)).then(() => Promise.allSettled(inFlight)).then(() => undefined);
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      if (name === "put") {
        return async (...args: Parameters<ObjectStore["put"]>) => {
          if (done >= writes) {
            die();
            return new Promise<never>(() => undefined);
          }
          done++;
          const write = target.put(...args);
          inFlight.push(write);
          return write;
        };
      }
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, died };
}

const pages = async () => {
  const keys: string[] = [];
  for await (const o of listAll(store, "client_files/acme/_links/")) keys.push(o.key);
  return keys;
};

/** Security review finding 7: a crash between the page and its record left a live page nobody could list or revoke. */
describe("a publication killed between its writes", () => {
  // The writes: the index entries (3), the pending record, the file set, the page, the final record.
  it.each([1, 2, 3, 4, 5, 6])("leaves no page without a record when the process dies after write %i", async (writes) => {
    const dying = dyingAfter(store, writes);
    const publisher = new Publisher({ store: dying.store, prefix: "client_files", publicUrl: "http://localhost:3001", signingKey: async () => rsaSigningKey, clock: () => new Date() });
    void publisher.publish({ client: "acme", expiresAt: new Date(Date.now() + 3_600_000), issuedBy: "test" });
    await dying.died;

    const records = await new LinkRecords({ store, clock: () => new Date() }).list();
    for (const page of await pages()) {
      expect(records.map((r) => r.pageKey), `${page} has a record`).toContain(page);
    }
    for (const record of records) expect(record.pending).toBe(true);
  });

  it("a finished publication's record is no longer pending", async () => {
    const publisher = new Publisher({ store, prefix: "client_files", publicUrl: "http://localhost:3001", signingKey: async () => rsaSigningKey, clock: () => new Date() });
    const record = await publisher.publish({ client: "acme", expiresAt: new Date(Date.now() + 3_600_000), issuedBy: "test" });
    const stored = JSON.parse((await readText(store, `${linkRecordsPrefix}acme/${record.linkId}.json`))!) as LinkRecord;
    expect(stored.pending).toBeUndefined();
    expect(await pages()).toEqual([record.pageKey]);
  });
});

describe("links revoke", () => {
  it("removes a page that has no record (left by an older crash), and says so", async () => {
    const linkId = "AAAAAAAAAAAAAAAAAAAAAA";
    await store.put(`client_files/acme/_links/${linkId}.html`, "<p>orphan</p>", { contentType: "text/html" });
    const result = await runInProcess(["links", "revoke", linkId, "--json"], { env: { ...process.env, SHARE_DATA_DIR: dir, SHARE_BUCKET: "" } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ linkId, unrecorded: true, client: "acme" });
    expect(await pages()).toEqual([]);

    const again = await runInProcess(["links", "revoke", linkId], { env: { ...process.env, SHARE_DATA_DIR: dir, SHARE_BUCKET: "" } });
    expect(again.code).toBe(3);
  }, 60_000);
});
