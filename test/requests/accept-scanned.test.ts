// Scan, then accept: a received file moves under received/ only when scanned clean; an infected one stays
// in incoming/ (held); on S3 the move starts the copy untagged (only the scanner writes scan tags there) and
// the moved file is scanned again where it landed. A fake scanner stands in for clamd (tests/scanning has the real one).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptScanned } from "../../lib/requests/accept-scanned.js";
import { incomingKey } from "../../lib/requests/layout.js";
import { SCAN_TAG, tagsForVerdict } from "../../lib/scanning/scan-status.js";
import type { Scanner } from "../../lib/scanning/scanner.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore, ObjectTagging } from "../../lib/storage/object-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startGuardDutyFake, type GuardDutyFake } from "../support/guardduty-fake.js";
import { batchId, DAY, PREFIX, requestsSubject, sendFile, START, type RequestsSubject } from "./fixture.js";

/** Calls a file infected when its bytes say so; records the verdict as clamd's scanner does. */
function fakeScanner(store: ObjectStore & ObjectTagging, scanned: string[]): Scanner {
  return {
    kind: "clamd",
    description: "fake",
    scansOnStore: false,
    async scan(key) {
      const object = await store.get(key);
      if (!object) return undefined;
      let text = "";
      for await (const chunk of object.body) text += String(chunk);
      scanned.push(key);
      const tags = text.includes("INFECTED") ? tagsForVerdict("THREATS_FOUND", START, "Fake-Signature") : tagsForVerdict("NO_THREATS_FOUND", START);
      await store.putTags(key, tags);
      return text.includes("INFECTED") ? { status: "infected", detail: "Fake-Signature" } : { status: "clean" };
    },
  };
}

const states = async (s: RequestsSubject, requestId: string) =>
  (await s.requests.ledger.list(requestId)).map((entry) => ({ path: entry.path, state: entry.state, verdict: entry.verdict }));

describe("received files and scanning", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "requests-scan-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("local store: clean files move under received/ with their verdict, an infected one is held in incoming/", async () => {
    const store = new LocalObjectStore(join(dir, "data"));
    const scanned: string[] = [];
    const scanning = new Scanning({ store, scanner: fakeScanner(store, scanned) });
    const s = requestsSubject({ store, accept: acceptScanned(scanning, store) });
    await store.put(`${PREFIX}/acme/readme.txt`, "hello\n");
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
    const batch = batchId();
    const clean = await sendFile(s, record.url, "ok.txt", Buffer.from("fine\n"), { batch });
    expect(clean.response.status).toBe(201);
    expect(await clean.response.json()).toMatchObject({ file: { path: "ok.txt" } });
    const bad = await sendFile(s, record.url, "bad.txt", Buffer.from("INFECTED\n"), { batch });
    expect(bad.response.status).toBe(201);
    expect(await states(s, record.linkId)).toEqual([
      { path: "ok.txt", state: "accepted", verdict: "clean" },
      { path: "bad.txt", state: "held", verdict: "infected" },
    ]);
    expect((await store.getTags(`${PREFIX}/acme/received/${record.linkId}/ok.txt`))?.[SCAN_TAG]).toBe("NO_THREATS_FOUND");
    expect(await store.head(`${PREFIX}/acme/received/${record.linkId}/bad.txt`)).toBeUndefined();
    expect(await store.head(incomingKey("acme", record.linkId, "bad.txt"))).toBeDefined();
    // Scanned once each, where they were received: the local move keeps the verdict.
    expect(scanned).toEqual([incomingKey("acme", record.linkId, "ok.txt"), incomingKey("acme", record.linkId, "bad.txt")]);
  });

  it("scanning off: accepted at once, nothing scanned", async () => {
    const store = new LocalObjectStore(join(dir, "off"));
    const s = requestsSubject({ store, accept: acceptScanned(new Scanning({ store }), store) });
    await store.put(`${PREFIX}/acme/readme.txt`, "hello\n");
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
    const sent = await sendFile(s, record.url, "ok.txt", Buffer.from("fine\n"));
    expect(sent.response.status).toBe(201);
    expect(await states(s, record.linkId)).toEqual([{ path: "ok.txt", state: "accepted", verdict: "off" }]);
  });

  describe("S3 (fauxqs, tags kept by the GuardDuty fake)", () => {
    let s3: FauxqsHandle;
    let fake: GuardDutyFake;
    beforeAll(async () => {
      s3 = await startFauxqs();
      fake = await startGuardDutyFake(s3.endpoint);
    });
    afterAll(async () => {
      await fake?.stop();
      await s3?.stop();
    });

    it("the move copies without the scan tags (REPLACE) and the landed file is scanned again", async () => {
      const bucket = await s3.createBucket();
      const client = s3.client({ endpoint: fake.endpoint });
      const directives: (string | undefined)[] = [];
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers?.["x-amz-copy-source"]) directives.push(request.headers["x-amz-tagging-directive"]);
          return next(args);
        },
        { step: "finalizeRequest" },
      );
      const store = new S3ObjectStore(client, bucket);
      await store.put(`${PREFIX}/acme/readme.txt`, "hi\n");
      const scanned: string[] = [];
      const scanning = new Scanning({ store, scanner: fakeScanner(store, scanned) });
      const s = requestsSubject({ store, accept: acceptScanned(scanning, store) });
      const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
      const sent = await sendFile(s, record.url, "b.txt", Buffer.from("fine\n"), { putPart: (url, body) => fetch(url, { method: "PUT", body }) });
      expect(sent.response.status).toBe(201);
      expect(await states(s, record.linkId)).toEqual([{ path: "b.txt", state: "accepted", verdict: "clean" }]);
      await scanning.idle();
      expect(directives).toEqual(["REPLACE"]);
      expect(scanned).toEqual([incomingKey("acme", record.linkId, "b.txt"), `${PREFIX}/acme/received/${record.linkId}/b.txt`]);
      expect((await store.getTags(`${PREFIX}/acme/received/${record.linkId}/b.txt`))?.[SCAN_TAG]).toBe("NO_THREATS_FOUND");
    });
  });
});
