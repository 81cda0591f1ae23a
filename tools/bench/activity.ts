import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGunzip, gzipSync } from "node:zlib";
import { LogActivitySource } from "../../lib/activity/link-activity-source.js";
import { distributionFolder, hourPartition, LOCAL_DISTRIBUTION_ID, LOCAL_LOG_BASE, logFileName } from "../../lib/activity/log-layout.js";
import { LogReader } from "../../lib/activity/log-reader.js";
import { formatLogLine } from "../../lib/activity/log-record.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import type { LinkRecords } from "../../lib/links/link-records.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { linkFileSetKey, readFileSet, writeFileSet } from "../../lib/links/link-file-set.js";
import type { Row } from "../table.js";

const HOUR_MS = 3_600_000;
const START = Date.parse("2026-11-01T00:00:00Z");
const HOURS = 24;

/** Random-looking base64url ids of 22 characters, like the product's (repeating patterns would make the search look slower than it is). */
const linkId = (i: number) => createHash("sha256").update(`link ${i}`).digest("base64url").slice(0, 22);
/** A CloudFront-base64 signature of the usual length, different per line. */
const signature = (i: number) => Array.from({ length: 6 }, (_, k) => createHash("sha256").update(`${i}/${k}`).digest("base64")).join("").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~").slice(0, 172);

/** `lines` requests of `links` links over a day, in the format CloudFront and the local edge write; one line in `links` is the measured link's. */
function logLines(lines: number, links: number, hour: number): string {
  const out: string[] = [];
  const base = START + hour * HOUR_MS;
  for (let i = 0; i < lines; i++) {
    const id = linkId(i % links);
    const at = new Date(base + Math.floor((i / lines) * HOUR_MS));
    const ranged = i % 7 === 0;
    out.push(
      formatLogLine({
        date: at.toISOString().slice(0, 10),
        time: at.toISOString().slice(11, 19),
        "x-edge-location": "FRA56-P3",
        "sc-bytes": String(1000 + (i % 5000)),
        "c-ip": `198.51.100.${i % 250}`,
        "cs-method": "GET",
        "cs-uri-stem": `/acme-corp/exports/file-${i % 300}.csv`,
        "sc-status": ranged ? "206" : "200",
        "cs(User-Agent)": "Mozilla/5.0%20(X11;%20Linux%20x86_64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Safari/537.36",
        "cs-uri-query": `l=${id}&Expires=1796000000&Signature=${signature(i)}&Key-Pair-Id=K2JCJMDEHXQW5F`,
        "x-edge-result-type": "Hit",
        "x-edge-request-id": `${String(hour).padStart(2, "0")}${String(i).padStart(10, "0")}${"Q".repeat(44)}==`,
        "time-taken": "0.012",
        "x-edge-response-result-type": "Hit",
        "x-edge-detailed-result-type": "Hit",
        "sc-content-len": "4096",
        ...(ranged ? { "sc-range-start": "0", "sc-range-end": "4095" } : {}),
      }),
    );
  }
  return out.join("");
}

/** The reference: a plain streaming newline count over the same files (gunzipped first when they are gzip). */
async function countLines(files: string[], gzip: boolean): Promise<number> {
  let count = 0;
  for (const file of files) {
    const stream = gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
    }
  }
  return count;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T; heapGrowthMb: number }> {
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, result, heapGrowthMb: (peak - before) / 2 ** 20 };
}

/**
 * One link's activity over BENCH_ACTIVITY_LINES log lines (default 100,000; 200 links over 24 hour
 * partitions), plain and gzip, through the reader the portal uses, against a streaming line count
 * over the same bytes in the same run; best of three interleaved rounds.
 */
export async function benchActivity(_seconds: number, rounds = 3): Promise<Row[]> {
  const total = Number(process.env.BENCH_ACTIVITY_LINES ?? 100_000);
  const links = Number(process.env.BENCH_ACTIVITY_LINKS ?? 200);
  /** Files the measured link covers: its file set is read for sizes and the files not yet downloaded. */
  const linkFiles = Number(process.env.BENCH_ACTIVITY_FILES ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), "bench-activity-"));
  const rows: Row[] = [];
  try {
    for (const gzip of [false, true]) {
      const root = join(dir, gzip ? "gzip" : "plain");
      const files: string[] = [];
      let bytes = 0;
      for (let hour = 0; hour < HOURS; hour++) {
        const folder = join(root, LOCAL_LOG_BASE, distributionFolder(LOCAL_DISTRIBUTION_ID), hourPartition(new Date(START + hour * HOUR_MS)));
        await mkdir(folder, { recursive: true });
        const text = logLines(Math.ceil(total / HOURS), links, hour);
        const body = gzip ? gzipSync(text) : Buffer.from(text);
        bytes += Buffer.byteLength(text);
        const file = join(folder, logFileName(LOCAL_DISTRIBUTION_ID, new Date(START + hour * HOUR_MS), "bench", gzip ? ".gz" : ".log"));
        await writeFile(file, body);
        files.push(file);
      }
      // The link covers `linkFiles` files (its file set, read as the product reads it); the log names 300 of them.
      const summaries = new LocalObjectStore(join(dir, "summaries"));
      const fileSetKey = linkFileSetKey("acme-corp", linkId(7));
      const paths = Array.from({ length: linkFiles }, (_, i) => `exports/file-${i}.csv`);
      await writeFileSet(summaries, fileSetKey, paths, paths.map(() => 4096));
      const record = { linkId: linkId(7), client: "acme-corp", issuedAt: new Date(START).toISOString(), expiresAt: new Date(START + 30 * 86_400_000).toISOString(), fileCount: linkFiles, fileSetKey } as LinkRecord;
      const source = new LogActivitySource({
        reader: new LogReader({ logs: new LocalObjectStore(root), distributionId: LOCAL_DISTRIBUTION_ID, base: LOCAL_LOG_BASE }),
        store: summaries,
        records: {} as LinkRecords,
        fileSet: async (r) => readFileSet(summaries, r.fileSetKey!),
        fileSize: async () => undefined,
        clock: () => new Date(START + HOURS * HOUR_MS),
        delivery: "local",
        viewerAddress: "truncated",
        retentionMs: 90 * 86_400_000,
      });
      let reader = Infinity;
      let reference = Infinity;
      let heap = 0;
      let lines = 0;
      let found = 0;
      for (let round = 0; round < rounds; round++) {
        const counted = await timed(() => countLines(files, gzip));
        reference = Math.min(reference, counted.ms);
        lines = counted.result;
        const read = await timed(() => source.activity(record));
        reader = Math.min(reader, read.ms);
        heap = Math.max(heap, read.heapGrowthMb);
        found = read.result.totals.downloads;
      }
      const perSecond = (ms: number) => (lines * 1000) / ms;
      rows.push(
        { input: `${lines.toLocaleString("en-US")} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB ${gzip ? "gzip" : "plain"}`, measure: "line count (reference)", "lines/s": perSecond(reference), ratio: 1, "heap growth MiB": undefined },
        { input: "", measure: `one link's activity (${found} requests, file set of ${linkFiles.toLocaleString("en-US")} files)`, "lines/s": perSecond(reader), ratio: reference / reader, "heap growth MiB": heap },
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
