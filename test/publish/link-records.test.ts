import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../lib/errors.js";
import { InvalidationFailedError } from "../../lib/links/link-records.js";
import { linkStatus } from "../../lib/links/link-record.js";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { DAY, T0, freshStore, publisherFor, putFiles, startFauxqs } from "./helpers.js";

describe("LinkRecords: list, get, revoke", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;
  const invalidated: string[][] = [];
  let failInvalidation = false;
  const invalidator = {
    async invalidate(paths: string[]) {
      if (failInvalidation) throw new Error("TooManyInvalidationsInProgress");
      invalidated.push(paths);
    },
  };
  let clockNow = T0;

  beforeAll(async () => {
    s3 = await startFauxqs();
    store = await freshStore(s3);
    await putFiles(store, "acme", { "a.txt": "a" });
    await putFiles(store, "bü ta", { "b.txt": "b" });
  });
  afterAll(() => s3?.stop());

  const publisher = () => publisherFor(store, { invalidator, clock: () => clockNow });

  it("lists every record newest first, or one client's only", async () => {
    clockNow = T0;
    const first = await publisher().publish({ client: "acme", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t" });
    clockNow = new Date(T0.getTime() + 1000);
    const second = await publisher().publish({ client: "bü ta", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t" });
    const all = await publisher().records.list();
    expect(all.map((r) => r.linkId).slice(0, 2)).toEqual([second.linkId, first.linkId]);
    expect((await publisher().records.list("acme")).every((r) => r.client === "acme")).toBe(true);
    expect(await publisher().records.list("nobody")).toEqual([]);
    expect(await publisher().records.find(second.linkId)).toEqual(second);
  });

  it("revokes: deletes the page, marks the record, invalidates the page's URL-encoded path", async () => {
    clockNow = T0;
    const record = await publisher().publish({ client: "bü ta", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t" });
    clockNow = new Date(T0.getTime() + 5000);
    invalidated.length = 0;
    const result = await publisher().records.revoke(record.linkId, "alice");
    expect(result).toMatchObject({ alreadyRevoked: false, invalidated: true });
    expect(await store.head(record.pageKey)).toBeUndefined();
    const stored = (await publisher().records.get("bü ta", record.linkId))!;
    expect(stored.revoked).toEqual({ at: clockNow.toISOString(), by: "alice", reason: "revoked by alice" });
    expect(linkStatus(stored, clockNow)).toBe("revoked");
    expect(invalidated).toEqual([[`/b%C3%BC%20ta/_links/${record.linkId}.html`]]);
  });

  it("revoking twice keeps the first revocation and invalidates again", async () => {
    const record = await publisher().publish({ client: "acme", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t" });
    const first = await publisher().records.revoke(record.linkId, "alice");
    const second = await publisher().records.revoke(record.linkId, "bob");
    expect(second.alreadyRevoked).toBe(true);
    expect(second.record.revoked).toEqual(first.record.revoked);
  });

  it("reports a failed invalidation after the page is gone and the record marked", async () => {
    const record = await publisher().publish({ client: "acme", expiresAt: new Date(T0.getTime() + DAY), issuedBy: "t" });
    failInvalidation = true;
    try {
      await expect(publisher().records.revoke(record.linkId, "alice")).rejects.toThrow(InvalidationFailedError);
    } finally {
      failInvalidation = false;
    }
    expect(await store.head(record.pageKey)).toBeUndefined();
    expect((await publisher().records.get("acme", record.linkId))?.revoked?.by).toBe("alice");
  });

  it("refuses an unknown link id with NotFoundError", async () => {
    await expect(publisher().records.revoke("AAAAAAAAAAAAAAAAAAAAAA", "alice")).rejects.toThrow(NotFoundError);
  });
});
