import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { revokeLinksSignedBy } from "../../lib/keys/revoke-links.js";
import { readStoreJson } from "../../lib/keys/rotation/store-json.js";
import { linkRecordKey, type LinkRecord } from "../../lib/links/link-record.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";

let root: string;
let store: LocalObjectStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "revoke-"));
  store = new LocalObjectStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const record = (linkId: string, client: string, keyPairId: string, revoked?: LinkRecord["revoked"]) =>
  ({ linkId, client, keyPairId, expiresAt: "2030-02-01T00:00:00Z", ...(revoked ? { revoked } : {}) }) as LinkRecord;

describe("revokeLinksSignedBy", () => {
  it("marks the unrevoked records of the removed keys, across clients, leaves others alone, and changes nothing when run again", async () => {
    const earlier = { at: "2029-12-01T00:00:00.000Z", by: "bob", reason: "revoked by bob" };
    await store.put(linkRecordKey("acme", "a1"), JSON.stringify(record("a1", "acme", "KOLD")));
    await store.put(linkRecordKey("b\u00fcro", "b1"), JSON.stringify(record("b1", "b\u00fcro", "KOLDER")));
    await store.put(linkRecordKey("acme", "a2"), JSON.stringify(record("a2", "acme", "KNEW")));
    await store.put(linkRecordKey("acme", "a3"), JSON.stringify(record("a3", "acme", "KOLD", earlier)));
    const input = { keyPairIds: ["KOLD", "KOLDER"], rotationId: "r1", by: "ops", now: new Date("2030-01-01T00:00:00Z") };

    expect(await revokeLinksSignedBy(store, input)).toBe(2);
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("acme", "a1")))!.revoked).toEqual({ at: "2030-01-01T00:00:00.000Z", by: "ops", reason: "key rotation r1", rotationId: "r1" });
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("b\u00fcro", "b1")))!.revoked?.rotationId).toBe("r1");
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("acme", "a2")))!.revoked).toBeUndefined();
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("acme", "a3")))!.revoked).toEqual(earlier);

    expect(await revokeLinksSignedBy(store, { ...input, now: new Date("2030-01-02T00:00:00Z") })).toBe(0);
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("acme", "a1")))!.revoked!.at).toBe("2030-01-01T00:00:00.000Z");
  });

  it("leaves a damaged record as it is and marks the others", async () => {
    const damaged = JSON.stringify({ linkId: "a1", client: "acme", keyPairId: "KOLD", issuedAt: 7 });
    await store.put(linkRecordKey("acme", "a1"), damaged);
    await store.put(linkRecordKey("acme", "a2"), JSON.stringify(record("a2", "acme", "KOLD")));
    const input = { keyPairIds: ["KOLD"], rotationId: "r1", by: "ops", now: new Date("2030-01-01T00:00:00Z") };

    expect(await revokeLinksSignedBy(store, input)).toBe(1);
    expect((await readStoreJson<LinkRecord>(store, linkRecordKey("acme", "a2")))!.revoked?.rotationId).toBe("r1");
    expect(await readStoreJson<unknown>(store, linkRecordKey("acme", "a1"))).toEqual(JSON.parse(damaged));
  });
});
