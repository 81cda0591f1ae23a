import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Catalog } from "../../lib/publishing/catalog.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { rsaSigningKey } from "../support/vectors.js";

let dir: string;
let store: LocalObjectStore;
const longName = `${"n".repeat(250)}/${"n".repeat(250)}/${"n".repeat(250)}/${"n".repeat(250)}/x.txt`; // > 1,024 bytes as a key
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "security-unservable-"));
  store = new LocalObjectStore(dir);
  await store.put("client_files/acme/report.txt", "ok\n");
  // Copied in by hand: names S3 keys and the edge cannot carry.
  await mkdir(join(dir, "client_files", "acme", ...longName.split("/").slice(0, -1)), { recursive: true });
  await writeFile(join(dir, "client_files", "acme", ...longName.split("/")), "too long\n");
  await writeFile(join(dir, "client_files", "acme", "back\\slash.txt"), "backslash\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Security review finding 17: files the edge cannot serve were listed on the page and counted. */
describe("files no viewer could download", () => {
  it("are left off the page and out of the counts, and reported to the caller", async () => {
    const reported: string[] = [];
    const publisher = new Publisher({
      store,
      prefix: "client_files",
      publicUrl: "http://localhost:3001",
      signingKey: async () => rsaSigningKey,
      clock: () => new Date(),
      listing: { onUnservable: (key, reason) => reported.push(`${key.slice(0, 30)}: ${reason}`) },
    });
    const record = await publisher.publish({ client: "acme", expiresAt: new Date(Date.now() + 3_600_000), issuedBy: "test" });
    expect(record.fileCount).toBe(1);
    // The record says so too, so `issue` and the portal's JSON can tell the operator what to rename.
    expect(record.skipped?.count).toBe(2);
    expect(record.skipped?.examples.map((example) => example.reason)).toEqual(expect.arrayContaining([expect.stringContaining("backslash")]));
    expect(reported).toEqual(expect.arrayContaining([expect.stringContaining("longer than 1,024 bytes"), expect.stringContaining("backslash")]));
    const clients = await new Catalog(store, "client_files").clients();
    expect(clients.find((c) => c.client === "acme")?.fileCount).toBe(1);
  });
});
