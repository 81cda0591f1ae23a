import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { ClamdScanner } from "../../lib/scanning/scanner.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { Row } from "../table.js";
import { startClamd } from "./clamd-daemon.js";

const run = promisify(execFile);

/** Bytes per second of `scanOnce` over about `seconds` (at least two scans). */
async function throughput(bytes: number, seconds: number, scanOnce: () => Promise<void>): Promise<number> {
  await scanOnce(); // warm-up: page cache, clamd's threads
  let scans = 0;
  const started = performance.now();
  while (scans < 2 || performance.now() - started < seconds * 1000) {
    await scanOnce();
    scans += 1;
  }
  return (scans * bytes) / ((performance.now() - started) / 1000);
}

/**
 * clamd INSTREAM throughput: our client (straight from a file, and through the local store as the
 * product scans a stored file, tag write included) against `clamdscan --stream`, ClamAV's own client
 * speaking the same INSTREAM protocol to the same private clamd, on the same file, in this run.
 * BENCH_SCAN_MB sets the file's size (default 64). Rounds are interleaved, best of each kept.
 */
export async function benchScan(seconds: number, rounds = 3): Promise<Row[]> {
  const megabytes = Number(process.env.BENCH_SCAN_MB ?? 64);
  if (!(megabytes > 0 && megabytes <= 1024)) throw new Error("BENCH_SCAN_MB must be a number of MiB from 1 to 1024");
  const dir = await mkdtemp(join(tmpdir(), "bench-scan-"));
  const daemon = await startClamd({ streamMaxLength: `${megabytes + 16}M`, parent: dir });
  try {
    const bytes = megabytes * 1024 * 1024;
    // Text-like bytes (a CSV export), the kind of file a delivery holds; random bytes would skip most of clamd's parsers.
    const row = "2026-09-30,ACME Corp,order 1204,58210.50,EUR,shipped\n";
    const body = Buffer.alloc(bytes);
    for (let at = 0; at < bytes; at += row.length) body.write(row, at);
    const file = join(dir, "export.csv");
    await writeFile(file, body);
    const store = new LocalObjectStore(join(dir, "data"));
    await store.put("client_files/acme/export.csv", body);

    const client = new ClamdClient({ kind: "unix", path: daemon.socketPath }, { idleTimeoutMs: 600_000 });
    const scanner = new ClamdScanner(store, client, () => new Date());
    let reference = 0;
    let ours = 0;
    let viaStore = 0;
    for (let round = 0; round < rounds; round++) {
      reference = Math.max(
        reference,
        await throughput(bytes, seconds, async () => {
          const { stdout } = await run("clamdscan", ["-c", daemon.configPath, "--stream", "--no-summary", file], { maxBuffer: 1 << 20 });
          if (!stdout.includes(": OK")) throw new Error(`clamdscan: ${stdout.trim()}`);
        }),
      );
      ours = Math.max(
        ours,
        await throughput(bytes, seconds, async () => {
          const verdict = await client.scan(createReadStream(file));
          if (verdict.infected) throw new Error("the benchmark file should be clean");
        }),
      );
      viaStore = Math.max(
        viaStore,
        await throughput(bytes, seconds, async () => {
          const verdict = await scanner.scan("client_files/acme/export.csv");
          if (verdict?.status !== "clean") throw new Error(`the benchmark file should scan clean, got ${JSON.stringify(verdict)}`);
        }),
      );
    }
    const mb = (rate: number) => Math.round((rate / 1024 / 1024) * 10) / 10;
    return [
      { client: "clamdscan --stream (reference)", file: `${megabytes} MiB`, "MiB/s": mb(reference), "ratio to clamdscan": 1 },
      { client: "signed-share ClamdClient (INSTREAM from a file)", file: `${megabytes} MiB`, "MiB/s": mb(ours), "ratio to clamdscan": ours / reference },
      { client: "signed-share ClamdScanner (local store, tag written)", file: `${megabytes} MiB`, "MiB/s": mb(viaStore), "ratio to clamdscan": viaStore / reference },
    ];
  } finally {
    await daemon.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
