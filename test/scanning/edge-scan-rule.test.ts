import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { encodeKeyPath } from "../../lib/signing/object-url.js";
import { signUrl } from "../../lib/signing/signer.js";
import { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { edgeScanRule } from "../../lib/scanning/edge-scan-rule.js";
import { ClamdScanner } from "../../lib/scanning/scanner.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { matchesResourcePattern, servedWithoutScan, unscannedServedPatterns } from "../../lib/scanning/served-unscanned.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { EICAR } from "../../tools/bench/clamd-daemon.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

const clamd = inject("clamd");
const PAGE = "client_files/acme/_links/AAAAAAAAAAAAAAAAAAAAAA.html";

describe("the objects served without a scan: one list for the bucket policy and the local edge", () => {
  it("are the index pages and the rotation probe, as bucket-policy resource patterns", () => {
    expect(unscannedServedPatterns("client_files")).toEqual(["client_files/*/_links/??????????????????????.html", "client_files/_rotation-probe.txt"]);
  });

  it("match keys with IAM's wildcards: * any run (across /), ? exactly one character", () => {
    expect(matchesResourcePattern("a/*/b", "a/x/y/b")).toBe(true);
    expect(matchesResourcePattern("a/?.txt", "a/xy.txt")).toBe(false);
    expect(matchesResourcePattern("a/?.txt", "a/ü.txt")).toBe(true);
    expect(matchesResourcePattern("a.b", "aXb")).toBe(false); // regex characters are literal
    expect(servedWithoutScan("client_files", PAGE)).toBe(true);
    expect(servedWithoutScan("client_files", "client_files/_rotation-probe.txt")).toBe(true);
    expect(servedWithoutScan("client_files", "client_files/acme/_links/short.html")).toBe(false);
    expect(servedWithoutScan("client_files", "client_files/acme/_links/AAAAAAAAAAAAAAAAAAAAAA.exe")).toBe(false);
    expect(servedWithoutScan("client_files", "client_files/acme/report.pdf")).toBe(false);
    expect(servedWithoutScan("client_files", "client_files/acme/_rotation-probe.txt")).toBe(false);
  });
});

describe.skipIf(!clamd)("the local edge refuses what the bucket policy refuses", () => {
  let dir: string;
  let store: LocalObjectStore;
  let scanning: Scanning;
  let edge: RunningEdge;
  let plainEdge: RunningEdge;
  const expires = new Date(Date.now() + 3_600_000);
  const url = (base: string, key: string) => signUrl(`${base}/${encodeKeyPath(key.slice("client_files/".length))}`, rsaSigningKey, { dateLessThan: expires });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edge-scan-"));
    store = new LocalObjectStore(dir);
    scanning = new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), () => new Date()) });
    await store.put("client_files/acme/clean.txt", "numbers\n");
    await store.put("client_files/acme/eicar.com", EICAR);
    await store.put("client_files/acme/not-yet.txt", "stored before scanning was on\n");
    await store.put(PAGE, "<!doctype html><title>page</title>");
    await store.put("client_files/_rotation-probe.txt", "probe");
    await scanning.scanStored("client_files/acme/clean.txt");
    await scanning.scanStored("client_files/acme/eicar.com");
    const common = { store, originPrefix: "client_files", trustedKey: (id: string) => trustedPublicKeys.get(id), clock: () => new Date() };
    edge = await startEdge({ ...common, scanRule: edgeScanRule(scanning, "client_files") }, 0);
    plainEdge = await startEdge({ ...common, scanRule: edgeScanRule(new Scanning({ store }), "client_files") }, 0);
  });
  afterAll(async () => {
    await edge?.close();
    await plainEdge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves a clean file", async () => {
    const response = await fetch(url(edge.url, "client_files/acme/clean.txt"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("numbers\n");
  });

  it.each([
    ["an infected file", "client_files/acme/eicar.com"],
    ["a file not scanned yet", "client_files/acme/not-yet.txt"],
    ["a missing file (S3 cannot tell it from an untagged one under the condition)", "client_files/acme/missing.txt"],
  ])("refuses %s with a 403, GET and HEAD alike", async (_what, key) => {
    for (const method of ["GET", "HEAD"]) {
      const response = await fetch(url(edge.url, key), { method });
      expect(response.status).toBe(403);
      expect(response.headers.get("x-deny-reason")).toBe("not-scanned-clean");
      if (method === "GET") expect(await response.text()).not.toContain("EICAR");
    }
  });

  it("serves the product's own pages and the probe unscanned", async () => {
    expect((await fetch(url(edge.url, PAGE))).status).toBe(200);
    expect((await fetch(url(edge.url, "client_files/_rotation-probe.txt"))).status).toBe(200);
  });

  it("with scanning off serves every file as before", async () => {
    expect((await fetch(url(plainEdge.url, "client_files/acme/eicar.com"))).status).toBe(200);
    expect((await fetch(url(plainEdge.url, "client_files/acme/missing.txt"))).status).toBe(404);
  });

  it("a file replaced after its scan is refused until the new bytes are scanned", async () => {
    await store.put("client_files/acme/clean.txt", EICAR);
    expect((await fetch(url(edge.url, "client_files/acme/clean.txt"))).status).toBe(403);
    await scanning.scanStored("client_files/acme/clean.txt");
    expect((await fetch(url(edge.url, "client_files/acme/clean.txt"))).status).toBe(403);
  });
});
