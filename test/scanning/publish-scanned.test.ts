// Issuing with scanning on: only files scanned clean go on a page, the others are counted and named, and the
// statuses read are those of the chosen files only (GuardDuty on S3: fauxqs with the stateful tagging fake).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { NotFoundError } from "../../lib/errors.js";
import { GuardDutyScanner } from "../../lib/scanning/scanner.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { readText } from "../../lib/storage/read-text.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { EICAR } from "../../tools/bench/clamd-daemon.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startGuardDutyFake, type GuardDutyFake } from "../support/guardduty-fake.js";
import { DAY, pageLinks, publisherFor, T0 } from "../publish/helpers.js";

describe("issuing reads scan statuses and leaves off what is not clean (GuardDuty on S3)", () => {
  let s3: FauxqsHandle;
  let fake: GuardDutyFake;
  let bucket: string;
  let store: S3ObjectStore;
  let scanning: Scanning;
  const expiresAt = new Date(T0.getTime() + 7 * DAY);

  beforeAll(async () => {
    s3 = await startFauxqs();
    fake = await startGuardDutyFake(s3.endpoint);
    bucket = await s3.createBucket();
    store = new S3ObjectStore(s3.client({ endpoint: fake.endpoint, maxAttempts: 1 }), bucket);
    const guardDuty = new GuardDutyClient({ region: s3.region, endpoint: fake.endpoint, credentials: s3.credentials, maxAttempts: 1 });
    scanning = new Scanning({ store, scanner: new GuardDutyScanner(guardDuty, store, bucket), readConcurrency: 4 });
    for (let i = 0; i < 30; i++) await store.put(`client_files/acme/reports/r${String(i).padStart(2, "0")}.csv`, `row ${i}\n`);
    await store.put("client_files/acme/tools/eicar.com", EICAR);
    await fake.settle();
    await store.put("client_files/acme/reports/late.csv", "stored after the others, not scanned yet\n");
  });
  afterAll(async () => {
    await fake?.stop();
    await s3?.stop();
  });

  it.each(["per-file", "folder"] as const)("%s mode: the page lists the clean files only; the record names the others", async (mode) => {
    const publisher = publisherFor(store, { scanStatuses: (keys) => scanning.statuses(keys) });
    const record = await publisher.publish({ client: "acme", expiresAt, mode, issuedBy: "test" });
    expect(record.fileCount).toBe(30);
    expect(record.held).toEqual({
      count: 2,
      examples: expect.arrayContaining([
        { key: "client_files/acme/tools/eicar.com", reason: "infected" },
        { key: "client_files/acme/reports/late.csv", reason: "not scanned yet" },
      ]),
    });
    const html = (await readText(store, record.pageKey))!;
    const links = pageLinks(html).map((url) => decodeURIComponent(new URL(url).pathname));
    expect(links).toHaveLength(30);
    expect(links.some((path) => path.includes("eicar") || path.includes("late.csv"))).toBe(false);
  });

  it("reads the statuses of the chosen files only (--only), at most readConcurrency at once", async () => {
    fake.tagReads.length = 0;
    const publisher = publisherFor(store, { scanStatuses: (keys) => scanning.statuses(keys) });
    const record = await publisher.publish({ client: "acme", expiresAt, issuedBy: "test", only: ["tools/", "reports/r07.csv"] });
    expect(fake.tagReads.sort()).toEqual([`${bucket}/client_files/acme/reports/r07.csv`, `${bucket}/client_files/acme/tools/eicar.com`]);
    expect(record).toMatchObject({ fileCount: 1, held: { count: 1 } });
  });

  it("with nothing clean to share, refuses and says why", async () => {
    const publisher = publisherFor(store, { scanStatuses: (keys) => scanning.statuses(keys) });
    const error = await publisher.publish({ client: "acme", expiresAt, issuedBy: "test", only: ["tools/"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/none of client "acme"'s files can be shared yet: 1 is not scanned clean: "client_files\/acme\/tools\/eicar.com" \(infected\)/);
  });

  it("a status read that fails stops the issue: nothing unscanned is ever published by accident", async () => {
    fake.failTagReads(100, 503, "SlowDown");
    const publisher = publisherFor(store, { scanStatuses: (keys) => scanning.statuses(keys) });
    await expect(publisher.publish({ client: "acme", expiresAt, issuedBy: "test" })).rejects.toThrow(/SlowDown|tags/);
    fake.failTagReads(0);
  });
});
