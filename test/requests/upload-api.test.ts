import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDenyList } from "../../lib/revocation/local-deny-list.js";
import { signUrl } from "../../lib/signing/signer.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { ecSigningKey, rsaSigningKey } from "../support/vectors.js";
import { batchId, DAY, MIB, PREFIX, PUBLIC_URL, requestsSubject, sendFile, type RequestsSubject } from "./fixture.js";

async function text(store: LocalObjectStore, key: string): Promise<string | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  let out = "";
  for await (const chunk of object.body) out += String(chunk);
  return out;
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { kind: string; message: string } }).error;

describe("file requests: the upload API over the local store", () => {
  let dir: string;
  let store: LocalObjectStore;
  let s: RequestsSubject;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "requests-api-"));
    store = new LocalObjectStore(join(dir, "data"));
    await store.put(`${PREFIX}/acme/readme.txt`, "hello\n");
    s = requestsSubject({ store, denyList: LocalDenyList.forDataDir(join(dir, "data")) });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("a request is a link record whose URL signs one policy over its page and its upload API", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + 7 * DAY), issuedBy: "olivia", note: "Signed contract, please" });
    expect(record.mode).toBe("request");
    expect(record.request).toEqual({ maxFileSize: 64 * MIB, note: "Signed contract, please" });
    const url = new URL(record.url);
    expect(url.origin).toBe(PUBLIC_URL);
    expect(url.pathname).toBe(`/acme/_links/${record.linkId}.html`);
    expect([...url.searchParams.keys()]).toEqual(["l", "Policy", "Signature", "Key-Pair-Id"]);
    const policy = JSON.parse(Buffer.from(url.searchParams.get("Policy")!.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64").toString());
    expect(policy.Statement[0].Resource).toBe(`${PUBLIC_URL}/acme/_links/${record.linkId}*?l=${record.linkId}`);
    const page = await text(store, record.pageKey);
    expect(page).toContain("Signed contract, please");
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it("takes files with odd names and a folder, byte-identical under received/<request>/, and tells the page what arrived", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    const files: Record<string, Buffer> = {
      "contract signed.pdf": Buffer.from("%PDF-1.7 signed\n"),
      "ünïcødé 日本.txt": Buffer.from("unicode\n"),
      "hash#1 & percent%20+plus.txt": Buffer.from("odd\n"),
      "folder/sub folder/data (1).csv": Buffer.from("a,b\n1,2\n"),
      "big.bin": randomBytes(11 * MIB),
    };
    const batch = batchId();
    for (const [path, bytes] of Object.entries(files)) {
      const sent = await sendFile(s, record.url, path, bytes, { batch });
      expect(sent.response.status, path).toBe(201);
      const body = (await sent.response.json()) as { file: { path: string; size: number; sha256: string } };
      expect(body.file).toMatchObject({ path, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    }
    for (const [path, bytes] of Object.entries(files)) {
      const stored = await store.get(`${PREFIX}/acme/received/${record.linkId}/${path}`);
      expect(stored, path).toBeDefined();
      const chunks: Buffer[] = [];
      for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes), path).toBe(true);
    }
    // Nothing is left outside the served prefix once accepted.
    expect((await store.list({ prefix: "incoming/" })).objects).toEqual([]);
    const state = await s.call(record.url, "state");
    expect(await state.json()).toMatchObject({ received: { count: 5, bytes: Object.values(files).reduce((n, b) => n + b.length, 0) } });
    const finished = await s.call(record.url, "finish", { body: { batch } });
    expect(finished.status).toBe(200);
    expect(((await finished.json()) as { files: unknown[] }).files).toHaveLength(5);
    expect(s.events.filter((e) => e.event === "request-file-accepted")).toHaveLength(5);
    expect(s.events.filter((e) => e.event === "request-batch-finished")).toHaveLength(1);
    // Finishing the same batch again tells nobody twice.
    await s.call(record.url, "finish", { body: { batch } });
    expect(s.events.filter((e) => e.event === "request-batch-finished")).toHaveLength(1);
  });

  it("never overwrites: a name arrives once per request", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    expect((await sendFile(s, record.url, "same.txt", Buffer.from("first"))).response.status).toBe(201);
    const again = await sendFile(s, record.url, "same.txt", Buffer.from("second, longer"));
    expect(again.response.status).toBe(409);
    expect(await text(store, `${PREFIX}/acme/received/${record.linkId}/same.txt`)).toBe("first");
  });

  it("refuses a file over the request's limits, a part of another length, and more files or bytes than allowed", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia", maxFileSize: 1000, maxFiles: 2, maxTotal: 1500 });
    const tooBig = await s.call(record.url, "files", { body: { path: "big.bin", size: 1001, batch: batchId() } });
    expect(tooBig.status).toBe(413);
    // A part longer than its plan is refused before anything is stored.
    const started = (await (await s.call(record.url, "files", { body: { path: "a.bin", size: 800, batch: batchId() } })).json()) as { upload: string };
    const [part] = ((await (await s.call(record.url, "parts", { body: { upload: started.upload, partNumbers: [1] } })).json()) as { parts: { url: string }[] }).parts;
    expect((await s.partRequest(part!.url, Buffer.alloc(801))).status).toBe(413);
    expect((await s.partRequest(part!.url, Buffer.alloc(800))).status).toBe(200);
    await s.call(record.url, "abort", { body: { upload: started.upload } });
    expect((await sendFile(s, record.url, "one.bin", Buffer.alloc(900))).response.status).toBe(201);
    const over = await sendFile(s, record.url, "two.bin", Buffer.alloc(700));
    expect(over.response.status).toBe(413);
    expect((await errorOf(over.response)).message).toMatch(/at most 1500 bytes/);
    expect((await sendFile(s, record.url, "two.bin", Buffer.alloc(600))).response.status).toBe(201);
    const third = await sendFile(s, record.url, "three.bin", Buffer.alloc(1));
    expect(third.response.status).toBe(413);
    expect((await s.requests.received(record.linkId)).map((f) => [f.path, f.totalBytes])).toEqual([
      ["one.bin", 900],
      ["two.bin", 1500],
    ]);
  });

  it("two uploads completing at once never pass the limits together", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia", maxFiles: 3 });
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((name) => sendFile(s, record.url, `${name}.txt`, Buffer.from(name))));
    expect(results.filter((r) => r.response.status === 201)).toHaveLength(3);
    expect((await s.requests.received(record.linkId)).map((f) => f.seq)).toEqual([1, 2, 3]);
  });

  it("refuses a name the product keeps for itself, traversal and control characters", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    for (const path of ["../escape.txt", "a/_links/x.html", "bad\u0007bell.txt", "/abs.txt", "a//b.txt", "x/.~tmp-1"]) {
      const response = await s.call(record.url, "files", { body: { path, size: 1, batch: batchId() } });
      expect(response.status, path).toBe(400);
    }
  });

  it("takes only the request link itself as its credential", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    const url = new URL(record.url);
    const base = `${PUBLIC_URL}/acme/_links/${record.linkId}.html`;
    const forged = [
      `${base}?l=${record.linkId}`, // no signature
      `${base}${url.search}&x=1`, // an extra parameter
      `${base}${url.search.replace(/Signature=[^&]+/, "Signature=AAAA")}`, // tampered
      `${PUBLIC_URL}/globex/_links/${record.linkId}.html${url.search}`, // another client
      signUrl(`${base}?l=${record.linkId}`, ecSigningKey, { dateLessThan: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY) }), // a canned signature of the page only
      signUrl(`${PUBLIC_URL}/acme/_links/${record.linkId}.html?l=${record.linkId}`, rsaSigningKey, {
        dateLessThan: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY),
        resource: `${PUBLIC_URL}/acme/*?l=${record.linkId}`,
      }), // a folder link's wildcard over the same path
    ];
    for (const link of forged) {
      const response = await s.call(link, "state");
      expect(response.status, link).toBe(403);
    }
    // A folder link of the same client (signed for everything under acme/) is no request.
    const folderLink = signUrl(`${PUBLIC_URL}/acme/_links/AAAAAAAAAAAAAAAAAAAAAA.html?l=AAAAAAAAAAAAAAAAAAAAAA`, rsaSigningKey, {
      dateLessThan: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY),
      resource: `${PUBLIC_URL}/acme/*?l=AAAAAAAAAAAAAAAAAAAAAA`,
    });
    expect((await s.call(folderLink, "state")).status).toBe(403);
  });

  it("a revoked, closed or expired request takes nothing more, and its page is gone", async () => {
    const expiresAt = new Date(Date.parse("2026-03-02T09:00:00Z") + DAY);
    const revoked = await s.requests.create({ client: "acme", expiresAt, issuedBy: "olivia" });
    const closed = await s.requests.create({ client: "acme", expiresAt, issuedBy: "olivia" });
    const expiring = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + 60_000), issuedBy: "olivia" });
    const pending = (await (await s.call(closed.url, "files", { body: { path: "late.txt", size: 3, batch: batchId() } })).json()) as { upload: string };
    await s.records.revoke(revoked.linkId, "olivia");
    const closing = await s.requests.close(closed.linkId, "olivia");
    expect(closing.record.request?.closed?.by).toBe("olivia");
    expect(closing.record.revoked?.reason).toBe("closed by olivia");
    expect(closing.revocation.edge?.listed).toBe(true);
    s.advance(120_000);
    for (const record of [revoked, closed]) {
      const response = await s.call(record.url, "state");
      expect(response.status).toBe(410);
      expect(await store.head(record.pageKey)).toBeUndefined();
    }
    expect((await s.call(expiring.url, "state")).status).toBe(410);
    expect((await s.call(closed.url, "complete", { body: { upload: pending.upload, parts: [{ partNumber: 1, etag: "x" }] } })).status).toBe(410);
    expect((await s.requests.list("acme")).find((r) => r.record.linkId === closed.linkId)?.status).toBe("closed");
    s.advance(-120_000);
  });

  it("is rate-limited per request", async () => {
    const limited = requestsSubject({ store, limiter: new (await import("../../portal/requests/request-rate-limit.js")).RequestRateLimiter(() => new Date(0), { burst: 3, perSecond: 1 }) });
    const record = await limited.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    const other = await limited.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await limited.call(record.url, "state")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await limited.call(record.url, "state");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await limited.call(other.url, "state")).status).toBe(200);
  });

  it("answers every error with the one error document: the field of a bad body, and a run-time failure without its details", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(Date.parse("2026-03-02T09:00:00Z") + DAY), issuedBy: "olivia" });
    const bad = await s.call(record.url, "files", { body: { path: "a.txt", size: -1, batch: batchId() } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { kind: "bad-input", message: expect.stringMatching(/^size: /), field: "size" } });
    const state = s.uploads.state.bind(s.uploads);
    s.uploads.state = async () => {
      throw new Error("disk on fire at /srv/secret/path");
    };
    try {
      const failed = await s.call(record.url, "state");
      expect(failed.status).toBe(500);
      expect(failed.headers.get("cache-control")).toBe("no-store");
      expect(await failed.json()).toEqual({ error: { kind: "internal", message: expect.not.stringContaining("secret") } });
      expect(s.log.events().some((line) => line.event === "request-upload-error" && String(line.message).includes("disk on fire"))).toBe(true);
    } finally {
      s.uploads.state = state;
    }
  });
});
