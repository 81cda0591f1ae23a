import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Claims } from "../../lib/delivery/claims.js";
import { OutboxMailer, OUTBOX_PREFIX } from "../../lib/mail/outbox.js";
import { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { infectedAlert } from "../../lib/scanning/infected-alert.js";
import { ClamdScanner, GuardDutyScanner } from "../../lib/scanning/scanner.js";
import { acceptWhenClean, Scanning } from "../../lib/scanning/scanning.js";
import { SCAN_TAG } from "../../lib/scanning/scan-status.js";
import { listAll } from "../../lib/storage/list-all.js";
import { readText } from "../../lib/storage/read-text.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { EICAR, EICAR_SIGNATURE, startClamd } from "../../tools/bench/clamd-daemon.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startGuardDutyFake, type GuardDutyFake } from "../support/guardduty-fake.js";

const clamd = inject("clamd");
const clock = () => new Date("2026-03-01T10:00:00Z");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanning-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.skipIf(!clamd)("clamd on the local store", () => {
  let n = 0;
  const fresh = () => new LocalObjectStore(join(dir, `store-${++n}`));
  const scanningOn = (store: LocalObjectStore, options: Partial<ConstructorParameters<typeof Scanning>[0]> = {}) =>
    new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock), ...options });

  it("scans a stored file and keeps the verdict beside it", async () => {
    const store = fresh();
    const scanning = scanningOn(store);
    await store.put("client_files/acme/report.txt", "quarterly numbers\n");
    await store.put("client_files/acme/eicar.com", EICAR);
    expect(await scanning.status("client_files/acme/report.txt")).toEqual({ status: "pending" });
    expect(await scanning.scanStored("client_files/acme/report.txt")).toMatchObject({ status: "clean" });
    expect(await scanning.scanStored("client_files/acme/eicar.com")).toMatchObject({ status: "infected", detail: EICAR_SIGNATURE });
    const statuses = await scanning.statuses(["client_files/acme/report.txt", "client_files/acme/eicar.com", "client_files/acme/missing"]);
    expect(statuses.get("client_files/acme/report.txt")).toEqual({ status: "clean", scannedAt: "2026-03-01T10:00:00.000Z" });
    expect(statuses.get("client_files/acme/eicar.com")).toMatchObject({ status: "infected", detail: EICAR_SIGNATURE });
    expect(statuses.has("client_files/acme/missing")).toBe(false);
    expect((await store.getTags("client_files/acme/eicar.com"))?.[SCAN_TAG]).toBe("THREATS_FOUND");
  });

  it("a file replaced during its scan stays pending: the verdict was for other bytes", async () => {
    const store = fresh();
    await store.put("client_files/acme/x.bin", "first version");
    const racing = Object.create(store) as LocalObjectStore;
    racing.get = async (key, options) => {
      const got = await store.get(key, options);
      await store.put(key, EICAR); // replaced while clamd reads the old bytes
      return got;
    };
    const scanner = new ClamdScanner(racing, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock);
    expect(await scanner.scan("client_files/acme/x.bin")).toEqual({ status: "pending" });
    expect(await store.getTags("client_files/acme/x.bin")).toEqual({});
  });

  it("clamd down: the scan reports an error and records nothing (the file stays pending for a retry)", async () => {
    const store = fresh();
    await store.put("client_files/acme/a.txt", "a");
    const scanning = new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient({ kind: "unix", path: join(dir, "no.sock") }), clock) });
    expect(await scanning.scanStored("client_files/acme/a.txt")).toMatchObject({ status: "error", detail: expect.stringContaining("SHARE_SCANNER") });
    expect(await scanning.status("client_files/acme/a.txt")).toEqual({ status: "pending" });
  });

  it("a file too large for clamd is recorded as an error with the reason", async () => {
    const small = await startClamd({ streamMaxLength: "1K" });
    try {
      const store = fresh();
      await store.put("client_files/acme/big.bin", Buffer.alloc(200 * 1024, 1));
      const scanning = new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient({ kind: "unix", path: small.socketPath }), clock) });
      await scanning.scanStored("client_files/acme/big.bin");
      expect(await scanning.status("client_files/acme/big.bin")).toMatchObject({ status: "error", detail: expect.stringContaining("StreamMaxLength") });
    } finally {
      await small.stop();
    }
  });

  it("scans in the background at most SCAN_CONCURRENCY at once, and idle() waits for them", async () => {
    const store = fresh();
    let inFlight = 0;
    let most = 0;
    const counting = Object.create(store) as LocalObjectStore;
    counting.get = async (key, options) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const got = await store.get(key, options);
      got?.body.once("close", () => (inFlight -= 1));
      return got;
    };
    const scanning = new Scanning({ store, scanner: new ClamdScanner(counting, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock), scanConcurrency: 2 });
    for (let i = 0; i < 8; i++) await store.put(`client_files/acme/f${i}.txt`, `file ${i}`);
    for (let i = 0; i < 8; i++) void scanning.scanStored(`client_files/acme/f${i}.txt`);
    await scanning.idle();
    expect(most).toBeLessThanOrEqual(2);
    const statuses = await scanning.statuses(Array.from({ length: 8 }, (_, i) => `client_files/acme/f${i}.txt`));
    expect([...statuses.values()].every((v) => v.status === "clean")).toBe(true);
  });

  it("reads statuses with bounded concurrency, for the keys asked only", async () => {
    const store = fresh();
    const keys = Array.from({ length: 40 }, (_, i) => `client_files/acme/s${i}.txt`);
    for (const key of keys) await store.put(key, key);
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const counting = Object.create(store) as LocalObjectStore;
    counting.getTags = async (key) => {
      asked.push(key);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await store.getTags(key);
      } finally {
        inFlight -= 1;
      }
    };
    const scanning = new Scanning({ store: counting, scanner: new ClamdScanner(counting, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock), readConcurrency: 3 });
    await scanning.statuses(keys.slice(0, 25));
    expect(asked.sort()).toEqual(keys.slice(0, 25).sort());
    expect(most).toBeLessThanOrEqual(3);
  });

  it("tells the admins about an infected file once, whoever sees it and however often", async () => {
    const store = fresh();
    await store.put("client_files/acme/eicar.com", EICAR);
    const mailer = new OutboxMailer(store, clock);
    const alert = (run: string) =>
      infectedAlert({ mailer, claims: new Claims(store, clock, run), from: { address: "share@example.com" }, recipients: async () => ["sec@example.com"], prefix: "client_files" });
    // Two processes (the portal and a CLI run), each seeing the file twice.
    const first = scanningOn(store, { onInfected: alert("portal") });
    const second = scanningOn(store, { onInfected: alert("cli") });
    await first.scanStored("client_files/acme/eicar.com");
    await second.statuses(["client_files/acme/eicar.com"]);
    await first.statuses(["client_files/acme/eicar.com"]);
    await second.scanNow("client_files/acme/eicar.com");
    await Promise.all([first.idle(), second.idle()]);
    const sent = [];
    for await (const object of listAll(store, OUTBOX_PREFIX)) if (object.key.endsWith(".json")) sent.push(JSON.parse((await readText(store, object.key))!));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "alert", to: ["sec@example.com"], subject: "Infected file held back for acme" });
    expect(sent[0].text).toContain("eicar.com");
    expect(sent[0].text).toContain(EICAR_SIGNATURE);
  });
});

describe.skipIf(!clamd)("scan, then accept (files received from outside)", () => {
  it("accepts a clean file after scanning it, never an infected one", async () => {
    const store = new LocalObjectStore(join(dir, "received"));
    const scanning = new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock) });
    await store.put("incoming/acme/ok.txt", "fine\n");
    await store.put("incoming/acme/bad.com", EICAR);
    const moved: string[] = [];
    const accept = (key: string) => acceptWhenClean(scanning, key, async () => void moved.push(key));
    expect(await accept("incoming/acme/ok.txt")).toEqual({ accepted: true, verdict: expect.objectContaining({ status: "clean" }) });
    expect(await accept("incoming/acme/bad.com")).toEqual({ accepted: false, verdict: expect.objectContaining({ status: "infected" }) });
    expect(await accept("incoming/acme/gone.txt")).toEqual({ accepted: false, verdict: undefined });
    expect(moved).toEqual(["incoming/acme/ok.txt"]);
  });
});

describe("scanning off", () => {
  it("says off for every file and reads nothing", async () => {
    const store = new LocalObjectStore(join(dir, "off"));
    let reads = 0;
    const counting = Object.create(store) as LocalObjectStore;
    counting.getTags = async (key) => {
      reads += 1;
      return store.getTags(key);
    };
    const scanning = new Scanning({ store: counting, offReason: "SHARE_SCANNER is not set" });
    expect(scanning.enabled).toBe(false);
    expect(scanning.description).toContain("SHARE_SCANNER is not set");
    expect([...(await scanning.statuses(["a", "b"])).values()]).toEqual([{ status: "off" }, { status: "off" }]);
    expect(await scanning.scanStored("a")).toEqual({ status: "off" });
    expect(reads).toBe(0);
  });
});

describe("GuardDuty on S3 (fauxqs with a stateful fake of the scan tagging)", () => {
  let s3: FauxqsHandle;
  let fake: GuardDutyFake;
  let bucket: string;
  let store: S3ObjectStore;
  let scanning: Scanning;
  beforeAll(async () => {
    s3 = await startFauxqs();
    fake = await startGuardDutyFake(s3.endpoint);
    bucket = await s3.createBucket();
    store = new S3ObjectStore(s3.client({ endpoint: fake.endpoint }), bucket);
    const guardDuty = new GuardDutyClient({ region: s3.region, endpoint: fake.endpoint, credentials: s3.credentials, maxAttempts: 1 });
    scanning = new Scanning({ store, scanner: new GuardDutyScanner(guardDuty, store, bucket) });
  });
  afterAll(async () => {
    await fake?.stop();
    await s3?.stop();
  });

  it("a stored file is pending until GuardDuty tags it, then clean or infected", async () => {
    await store.put("client_files/acme/report.pdf", "%PDF-1.7 numbers");
    await store.put("client_files/acme/eicar.com", EICAR);
    expect(await scanning.scanStored("client_files/acme/report.pdf")).toEqual({ status: "pending" }); // GuardDuty starts it by itself
    const before = await scanning.statuses(["client_files/acme/report.pdf", "client_files/acme/eicar.com"]);
    expect([...before.values()].map((v) => v.status)).toEqual(["pending", "pending"]);
    await fake.settle();
    const after = await scanning.statuses(["client_files/acme/report.pdf", "client_files/acme/eicar.com"]);
    expect(after.get("client_files/acme/report.pdf")).toEqual({ status: "clean" });
    expect(after.get("client_files/acme/eicar.com")).toEqual({ status: "infected" });
  });

  it("maps GuardDuty's other results to error", async () => {
    await store.put("client_files/acme/locked.zip", "zip");
    fake.verdictFor(bucket, "client_files/acme/locked.zip", "UNSUPPORTED");
    await fake.settle();
    expect(await scanning.status("client_files/acme/locked.zip")).toMatchObject({ status: "error", detail: expect.stringContaining("UNSUPPORTED") });
  });

  it("asks for on-demand scans of files stored before the plan, and they are tagged later", async () => {
    await store.put("client_files/old/legacy.txt", "from before");
    await fake.settle();
    fake.tagsOf(bucket, "client_files/old/legacy.txt"); // scanned on store; forget that, as if stored before the plan:
    await store.put("client_files/old/legacy.txt", "from before!");
    fake.queued.length = 0;
    const progress: number[] = [];
    const verdicts = await scanning.scanMany(["client_files/old/legacy.txt", "client_files/old/missing.txt"], { onProgress: (p) => progress.push(p.done) });
    expect(verdicts.get("client_files/old/legacy.txt")).toEqual({ status: "pending" });
    expect(verdicts.get("client_files/old/missing.txt")).toBeUndefined();
    expect(progress.sort()).toEqual([1, 2]);
    expect(fake.onDemand).toContain(`${bucket}/client_files/old/legacy.txt`);
    await fake.settle();
    expect(await scanning.status("client_files/old/legacy.txt")).toEqual({ status: "clean" });
  });

  it("reports GuardDuty refusing an on-demand scan as an error with advice", async () => {
    await store.put("client_files/acme/z.txt", "z");
    fake.failOnDemand(1, 500);
    const verdict = await scanning.scanNow("client_files/acme/z.txt");
    expect(verdict).toMatchObject({ status: "error", detail: expect.stringContaining("GuardDuty refused the on-demand scan") });
  });

  it("reads the tags of the files asked about only", async () => {
    for (let i = 0; i < 6; i++) await store.put(`client_files/many/f${i}`, "x");
    fake.tagReads.length = 0;
    await scanning.statuses(["client_files/many/f1", "client_files/many/f4"]);
    expect(fake.tagReads.sort()).toEqual([`${bucket}/client_files/many/f1`, `${bucket}/client_files/many/f4`]);
  });
});
