import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { createS3Client, S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { Row } from "../table.js";
import { startFauxqsProcess } from "./fauxqs-process.js";
import { runChild } from "./child.js";

export const PREFIX = "client_files";
export const PUBLIC_URL = "https://files.example.com";
export const ONE_CLIENT_FILES = 1000;
export const MANY_CLIENTS = 100;
export const FILES_PER_CLIENT = 200;
export const names = (n: number) => Array.from({ length: n }, (_, i) => `reports/${String(Math.floor(i / 50)).padStart(2, "0")}/document ${String(i).padStart(4, "0")}.pdf`);
export const many = Array.from({ length: MANY_CLIENTS }, (_, i) => `client-${String(i).padStart(3, "0")}`);

/**
 * Publishing against fauxqs over HTTP, next to bare signing of the same URLs measured in the same
 * run: one client with 1,000 files (per-file and folder mode) and 100 clients × 200 files (--all).
 * fauxqs runs in its own process, as S3 would be elsewhere, so its work does not land on the
 * publishing thread; each measurement runs in a process of its own (tools/bench/publish-row.ts), so
 * each row's peak RSS is its own. Rounds are interleaved and the best of each kept.
 */
export async function benchPublish(_seconds: number, rounds = 3): Promise<Row[]> {
  const s3 = await startFauxqsProcess();
  const client = createS3Client({ endpoint: s3.endpoint, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, env: {} });
  try {
    await client.send(new CreateBucketCommand({ Bucket: "bench" }));
    const store = new S3ObjectStore(client, "bench");
    process.stderr.write(`seeding ${ONE_CLIENT_FILES + MANY_CLIENTS * FILES_PER_CLIENT} objects in fauxqs...\n`);
    await seed(store, "one-client", names(ONE_CLIENT_FILES));
    for (const c of many) await seed(store, c, names(FILES_PER_CLIENT));

    // Each measurement in a process of its own: its peak RSS is the row's, not the largest of all before it.
    const best = { bareOne: Infinity, perFile: Infinity, folder: Infinity, bareMany: Infinity, all: Infinity };
    const rss = { bareOne: 0, perFile: 0, folder: 0, bareMany: 0, all: 0 };
    const measure = async (name: keyof typeof best) => {
      const figures = await runChild<{ ms: number; peakRssMiB: number }>("publish-row.ts", [name, s3.endpoint]);
      best[name] = Math.min(best[name], figures.ms);
      rss[name] = Math.max(rss[name], figures.peakRssMiB);
    };
    for (let round = 0; round < rounds; round++) {
      process.stderr.write(`round ${round + 1}/${rounds}\n`);
      for (const name of Object.keys(best) as (keyof typeof best)[]) await measure(name);
    }

    const row = (scenario: string, what: string, links: number, ms: number, peak: number, reference?: number, extra: Row = {}): Row => ({
      scenario,
      what,
      links,
      "wall ms": ms,
      "links/s": (links * 1000) / ms,
      "peak RSS MiB (row's process)": Math.round(peak),
      "ratio to bare signing": reference === undefined ? undefined : ms / reference,
      ...extra,
    });
    return [
      row("1 client × 1,000 files", "bare signUrl (reference)", ONE_CLIENT_FILES, best.bareOne, rss.bareOne, best.bareOne),
      row("1 client × 1,000 files", "publish, per-file", ONE_CLIENT_FILES, best.perFile, rss.perFile, best.bareOne),
      row("1 client × 1,000 files", "publish, folder", ONE_CLIENT_FILES, best.folder, rss.folder, best.bareOne, { "per-file ÷ folder": best.perFile / best.folder }),
      row("100 clients × 200 files", "bare signUrl (reference)", MANY_CLIENTS * FILES_PER_CLIENT, best.bareMany, rss.bareMany, best.bareMany),
      row("100 clients × 200 files", "publish --all, per-file", MANY_CLIENTS * FILES_PER_CLIENT, best.all, rss.all, best.bareMany),
    ];
  } finally {
    client.destroy();
    await s3.stop();
  }
}

async function seed(store: ObjectStore, client: string, names: string[], concurrency = 32): Promise<void> {
  for (let i = 0; i < names.length; i += concurrency) {
    await Promise.all(names.slice(i, i + concurrency).map((n) => store.put(`${PREFIX}/${client}/${n}`, `${client}/${n}`)));
  }
}
