import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";

/** The sizes of bench scale (BENCH_SCALE_FILES, BENCH_SCALE_LINKS, ...), and where its data lives. */
export interface ScaleSizes {
  /** Files of the big client. */
  files: number;
  /** Link records in the store. */
  links: number;
  /** Concurrent issues through the API. */
  concurrency: number;
  /** Added to every S3 request in the AWS mode rows. */
  delayMs: number;
  /** Rounds of the listing, signing and issue rows (best of each). */
  rounds: number;
}

export const PREFIX = "client_files";
export const BIG = "big";
export const SMALL = "small";
/** The client the concurrent issues publish: 200 files, as in the portal bench. */
export const C200 = "c200";
export const PUBLIC_URL = "https://files.example.com";

export function scaleSizes(env: NodeJS.ProcessEnv = process.env): ScaleSizes {
  const int = (name: string, fallback: number, min: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not ${env[name]}`);
    return value;
  };
  return {
    files: int("BENCH_SCALE_FILES", 100_000, 100),
    links: int("BENCH_SCALE_LINKS", 10_000, 1),
    concurrency: int("BENCH_SCALE_CONCURRENCY", 20, 1),
    delayMs: int("BENCH_SCALE_DELAY_MS", 20, 0),
    rounds: int("BENCH_SCALE_ROUNDS", 2, 1),
  };
}

/** The path of file `i` of a client: 100 files a folder, 10 folders a parent (like photo sets or datasets). */
export function filePath(i: number): string {
  return `set-${String(Math.floor(i / 1000)).padStart(4, "0")}/roll-${Math.floor(i / 100) % 10}/photo-${String(i).padStart(7, "0")}.jpg`;
}

/** Writes `count` small files of `client` straight into a data directory (as files copied in by hand). */
export async function writeClient(dataDir: string, client: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const folder = join(dataDir, PREFIX, client, filePath(i), "..");
    await mkdir(folder, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + 100); j++) writes.push(writeFile(join(dataDir, PREFIX, client, filePath(j)), `${client} photo ${j}\n`));
    await Promise.all(writes);
  }
}

/** The client of the client-requests row: every link of the store is its own, one in REQUEST_EVERY a file request. */
export const MANY_LINKS = "many-links";
export const REQUEST_EVERY = 500;

/**
 * `count` link records of 100 clients (the three above among them), one a minute, as the publisher
 * writes them (index entries, then the record). `clients`: of these clients instead; `requestEvery`:
 * one link in that many is a file request (docs/requests.md).
 */
export async function writeLinks(store: ObjectStore, count: number, progress?: (done: number) => void, options: { clients?: string[]; requestEvery?: number } = {}): Promise<void> {
  const records = new LinkRecords({ store, clock: () => new Date() });
  await records.ensureIndex();
  const clients = options.clients ?? [BIG, SMALL, C200, ...Array.from({ length: 97 }, (_, i) => `client-${String(i).padStart(2, "0")}`)];
  const start = Date.now() - count * 60_000;
  for (let i = 0; i < count; i += 64) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + 64); j++) {
      const linkId = randomBytes(16).toString("base64url");
      const client = clients[j % clients.length]!;
      const issuedAt = new Date(start + j * 60_000);
      const record: LinkRecord = {
        linkId,
        client,
        url: `${PUBLIC_URL}/${client}/_links/${linkId}.html?l=${linkId}&Expires=${Math.floor(issuedAt.getTime() / 1000) + 30 * 86_400}&Signature=${"A".repeat(344)}&Key-Pair-Id=KBENCHMARK0000`,
        pageKey: `${PREFIX}/${client}/_links/${linkId}.html`,
        issuedBy: "bench",
        issuedAt: issuedAt.toISOString(),
        // A third have expired, one in nine was revoked.
        expiresAt: new Date(issuedAt.getTime() + (j % 3 === 0 ? 60_000 : 30 * 86_400_000)).toISOString(),
        keyPairId: "KBENCHMARK0000",
        hashAlgorithm: "SHA1",
        mode: "per-file",
        fileCount: 200,
        bytes: 20_000,
        // Every link labelled, one in ten with a recipient: what a search looks through (docs/links.md#labels-and-search).
        label: `${j % 100 === 0 ? "Quarterly audit" : "Delivery"} ${j} for ${client}`,
        ...(j % 10 === 0 ? { recipients: [`buyer${j}@${client}.example`] } : {}),
        ...(j % 9 === 0 ? { revoked: { at: issuedAt.toISOString(), by: "bench", reason: "revoked by bench" } } : {}),
      };
      if (options.requestEvery && j % options.requestEvery === 0) {
        Object.assign(record, { mode: "request", fileCount: 0, bytes: 0, request: { maxFileSize: 1_000_000_000 } });
        delete record.label;
      }
      batch.push(records.create(record));
    }
    await Promise.all(batch);
    progress?.(Math.min(count, i + 64));
  }
}
