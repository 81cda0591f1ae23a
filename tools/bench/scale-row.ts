import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../lib/config.js";
import { generateKeyPair } from "../../lib/keys/generate.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { encodeKeyPath } from "../../lib/signing/object-url.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { signUrl, type SigningKey } from "../../lib/signing/signer.js";
import { SigningPool } from "../../lib/signing/signing-pool.js";
import { withLinkId } from "../../lib/links/link-id-param.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { createS3Client, S3ObjectStore } from "../../lib/storage/s3-store.js";
import { createApp } from "../../portal/app.js";
import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { UserStore } from "../../lib/users/user-store.js";
import { quietLogger } from "../../portal/logger.js";
import { startLocalMode } from "../../portal/local/local-mode.js";
import { peakRssMiB } from "./child.js";
import { startDelayProxy } from "./delay-proxy.js";
import { ratePerSecond } from "./measure.js";
import { benchPortalApp } from "./bench-portal-app.js";
import { BIG, C200, MANY_LINKS, PREFIX, PUBLIC_URL, REQUEST_EVERY, scaleSizes, writeLinks } from "./scale-fixture.js";

/**
 * One row of `bench scale`, in its own process (tools/bench/scale.ts starts it): prints one JSON
 * line with the row's figures and the process's peak RSS. Usage: scale-row.ts ROW DATA_DIR [ARGS...]
 */

const PASSWORD = "bench-password-0123456789";

function rsaKey(): SigningKey {
  return { keyPairId: "KBENCHMARK0000", privateKey: loadPrivateKey(generateKeyPair("rsa").privateKeyPem) };
}

function publisher(store: ObjectStore, key: SigningKey, options: { signUrls?: SigningPool["signUrls"] } = {}): Publisher {
  return new Publisher({ store, prefix: PREFIX, publicUrl: PUBLIC_URL, signingKey: async () => key, clock: () => new Date(), ...options });
}

const expiresAt = () => new Date(Date.now() + 7 * 86_400_000);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** A portal over `store` (activity on, as in local mode), and a signed-in session cookie. */
async function portal(store: ObjectStore, dataDir: string, key: SigningKey, pool?: SigningPool) {
  const clock = () => new Date();
  const users = new UserStore(store, clock);
  if (!(await users.get("bench"))) await users.add("bench", "operator", PASSWORD);
  const app = benchPortalApp({ store, dataDir, publicUrl: PUBLIC_URL, prefix: PREFIX, key, users, clock, ...(pool ? { pool } : {}), listingCacheMs: 0 });
  const signIn = await app.request("/sign-in", { method: "POST", body: new URLSearchParams({ username: "bench", password: PASSWORD }), headers: { "content-type": "application/x-www-form-urlencoded" } });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { app, cookie };
}

/** The store, counting the link records (portal/links/…) read through it. */
function countingLinkReads(store: ObjectStore): { store: ObjectStore; reads: () => number } {
  let reads = 0;
  const counting = new Proxy(store, {
    get(target, name, receiver) {
      if (name === "get") return (key: string, ...rest: unknown[]) => (key.startsWith("portal/links/") && reads++, (target.get as (...a: unknown[]) => unknown).call(target, key, ...rest));
      const value = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: counting, reads: () => reads };
}

/** A page as a browser asks for it (gzip accepted): time to the whole body, and its size on the wire. */
async function page(app: ReturnType<typeof createApp>, cookie: string, path: string) {
  const { ms, result } = await timed(async () => {
    const response = await app.request(path, { headers: { cookie, "accept-encoding": "gzip" } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return { bytes: body.byteLength, encoding: response.headers.get("content-encoding") };
  });
  return { ms, ...result };
}

const rows: Record<string, (data: string, args: string[]) => Promise<Record<string, unknown>>> = {
  /** Reference: one listing of the big client, as the publisher lists it. */
  async list(data) {
    const catalog = publisher(new LocalObjectStore(data), rsaKey()).catalog;
    const list = async (client: string) => {
      let files = 0;
      for await (const page of catalog.filePages(client)) files += page.length;
      return files;
    };
    await list(C200); // warm-up, as the issue rows have
    const { ms, result } = await timed(() => list(BIG));
    return { ms, files: result };
  },

  /** Reference: bare signing of the big client's URLs, exactly as a per-file link signs them (listed first, untimed). */
  async sign(data) {
    const key = rsaKey();
    const catalog = publisher(new LocalObjectStore(data), key).catalog;
    const urls: string[] = [];
    for await (const page of catalog.filePages(BIG)) for (const file of page) urls.push(withLinkId(`${PUBLIC_URL}/${BIG}/${encodeKeyPath(file.path)}`, "AAAAAAAAAAAAAAAAAAAAAA"));
    const options = { dateLessThan: expiresAt() };
    for (const url of urls.slice(0, 200)) signUrl(url, key, options); // warm-up, as the issue rows have
    const { ms } = await timed(async () => {
      for (const url of urls) signUrl(url, key, options);
    });
    return { ms, files: urls.length };
  },

  /** Reference: URLs one core signs per second (the sign bench's figure, in this run). */
  async "sign-rate"() {
    const key = rsaKey();
    const options = { dateLessThan: expiresAt() };
    return { perSecond: ratePerSecond((i) => signUrl(`${PUBLIC_URL}/c200/file-${i}.csv?l=AAAAAAAAAAAAAAAAAAAAAA`, key, options), 3) };
  },

  /** `issue CLIENT --mode MODE` as the command line runs it: listing, signing in this thread, page, manifest, list, records. */
  async issue(data, [client, mode]) {
    const store = new LocalObjectStore(data);
    const links = publisher(store, rsaKey());
    const issue = (name: string) => links.publish({ client: name, expiresAt: expiresAt(), issuedBy: "bench", mode: mode as "per-file" | "folder" });
    await issue(C200); // warm-up: the first publication of a process compiles its code
    const { ms, result } = await timed(() => issue(client!));
    const size = async (key: string | undefined) => (key ? ((await store.head(key))?.size ?? 0) : 0);
    return { ms, files: result.fileCount, pageBytes: await size(result.pageKey), manifestBytes: await size(result.pageObjects?.[0]), listBytes: await size(result.pageObjects?.[1]) };
  },

  /** CONCURRENCY API clients issuing per-file links of the 200-file client at once, for SECONDS (the portal's signing pool). */
  async concurrent(data, [concurrency, seconds]) {
    const store = new LocalObjectStore(data);
    const pool = new SigningPool();
    const { app } = await portal(store, data, rsaKey(), pool);
    const { token } = await new ApiTokens(store, () => new Date()).create({ name: `bench-${Date.now()}`, role: "operator", expiresAt: new Date(Date.now() + 86_400_000), by: "bench" });
    const issue = async () => {
      const response = await app.request(`/api/clients/${C200}/links`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ expires: "7d" }) });
      if (response.status !== 201) throw new Error(`issue answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { link: { fileCount: number } }).link.fileCount;
    };
    await Promise.all(Array.from({ length: 4 }, issue)); // warm-up: workers started, code compiled
    const deadline = Date.now() + Number(seconds) * 1000;
    let issued = 0;
    let signatures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Number(concurrency) }, async () => {
        while (Date.now() < deadline) {
          const files = await issue(); // read before adding: `signatures += await issue()` would lose concurrent updates
          signatures += files;
          issued++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await pool.close();
    return { issuesPerSecond: issued / elapsed, signaturesPerSecond: signatures / elapsed, issued };
  },

  /** A portal page of the local store (activity on): time to the whole compressed body, its size. */
  async page(data, [path]) {
    const store = new LocalObjectStore(data);
    const { app, cookie } = await portal(store, data, rsaKey());
    return page(app, cookie, path!);
  },

  /** The first page of `links list --limit 50` (LinkRecords.page), local store. */
  async "links-page"(data) {
    const records = new LinkRecords({ store: new LocalObjectStore(data), clock: () => new Date() });
    await records.ensureIndex();
    const { ms, result } = await timed(() => records.page({ limit: 50 }));
    return { ms, links: result.links.length };
  },

  /**
   * The Links page over the link index (docs/architecture.md#search): the first page, the 21st page
   * (after following "Older links" 20 times), a search that matches 1 % of the links and one that
   * matches none, each with the link records it read (the index is listed, the records are not).
   */
  async "links-pages"(data) {
    const counted = countingLinkReads(new LocalObjectStore(data));
    const { app, cookie } = await portal(counted.store, data, rsaKey());
    const measure = async (path: string) => {
      const before = counted.reads();
      const result = await page(app, cookie, path);
      return { ms: Math.round(result.ms), kib: Math.round(result.bytes / 1024), reads: counted.reads() - before };
    };
    const cold = await measure("/links");
    const first = await measure("/links");
    let path = "/links";
    for (let i = 0; i < 20; i++) {
      const html = await (await app.request(path, { headers: { cookie } })).text();
      const next = /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
      if (!next) throw new Error(`no next page after page ${i + 1}`);
      path = next;
    }
    const later = await measure(path);
    const search = await measure("/links?q=quarterly+audit");
    const none = await measure("/links?q=no-such-words");
    return { cold, first, page21: later, search1pct: search, searchNone: none };
  },

  /**
   * The client page of a client holding BENCH_SCALE_LINKS links (default 10,000), one in
   * REQUEST_EVERY a file request, in a data directory of its own: its file-requests section reads
   * the request records only (docs/architecture.md#lists-by-cursor). Cold (the first, which may
   * build the link index) and warm, with the link records each read; and `requests ls CLIENT`.
   */
  async "client-requests"() {
    const dir = await mkdtemp(join(tmpdir(), "bench-client-requests-"));
    try {
      const local = new LocalObjectStore(dir);
      await local.put(`${PREFIX}/${MANY_LINKS}/readme.txt`, "one file\n");
      const count = scaleSizes().links;
      await writeLinks(local, count, undefined, { clients: [MANY_LINKS], requestEvery: REQUEST_EVERY });
      const counted = countingLinkReads(local);
      const { app, cookie } = await portal(counted.store, dir, rsaKey());
      const measure = async (work: () => Promise<unknown>) => {
        const before = counted.reads();
        const { ms } = await timed(work);
        return { ms: Math.round(ms), reads: counted.reads() - before };
      };
      const cold = await measure(() => page(app, cookie, `/clients/${MANY_LINKS}`));
      const warm = await measure(() => page(app, cookie, `/clients/${MANY_LINKS}`));
      const list = await measure(async () => {
        const response = await app.request(`/api/requests?client=${MANY_LINKS}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`/api/requests answered ${response.status}`);
        return response.json();
      });
      return { ms: warm.ms, links: count, requests: Math.ceil(count / REQUEST_EVERY), cold, warm, list };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  /** AWS mode: the first page of the links list, and the Links page, against fauxqs behind a proxy adding DELAY ms per request. */
  async aws(data, [endpoint, bucket, delay]) {
    const proxy = await startDelayProxy(endpoint!, Number(delay));
    try {
      const client = createS3Client({ endpoint: proxy.endpoint, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, env: {} });
      const store = new S3ObjectStore(client, bucket!);
      const records = new LinkRecords({ store, clock: () => new Date() });
      const oneRequest = await timed(() => store.list({ prefix: "portal/link-index/", maxKeys: 1 }));
      let before = proxy.requests();
      const first = await timed(() => records.page({ limit: 50 }));
      const listRequests = proxy.requests() - before;
      const { app, cookie } = await portal(store, data, rsaKey());
      before = proxy.requests();
      const links = await page(app, cookie, "/links");
      const pageRequests = proxy.requests() - before;
      client.destroy();
      return { oneRequestMs: oneRequest.ms, listMs: first.ms, listRequests, links: first.result.links.length, pageMs: links.ms, pageRequests, pageBytes: links.bytes };
    } finally {
      await proxy.stop();
    }
  },

  /** Local mode's start-up on a data directory, until portal and edge listen: a restart (the first start, which makes the key and the admin, is not timed). */
  async start(data) {
    const config = loadConfig({ env: { SHARE_DATA_DIR: data, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD } }) as Extract<ReturnType<typeof loadConfig>, { mode: "local" }>;
    await (await startLocalMode(config, { logger: quietLogger })).close();
    const { ms, result } = await timed(() => startLocalMode(config, { logger: quietLogger }));
    await result.close();
    return { ms };
  },

  /** Reference: the same start-up on an empty data directory. */
  async "start-empty"() {
    const dir = await mkdtemp(join(tmpdir(), "bench-scale-empty-"));
    try {
      return await rows.start!(join(dir, "data"), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

async function main([row, data, ...args]: string[]): Promise<void> {
  const run = row ? rows[row] : undefined;
  if (!run || !data) throw new Error(`usage: scale-row.ts ${Object.keys(rows).join("|")} DATA_DIR [ARGS...]`);
  const result = await run(data, args);
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMiB: peakRssMiB() })}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench scale row: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
