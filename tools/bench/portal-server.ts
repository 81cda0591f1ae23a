import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, localKeyPairId } from "../../lib/keys/generate.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { SigningPool } from "../../lib/signing/signing-pool.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { startPortal } from "../../portal/server.js";
import { benchPortalApp } from "./bench-portal-app.js";

/**
 * The portal the portal benchmark loads, in its own process as a deployment runs it (the load
 * generator must not share its event loop): the app over a LocalObjectStore in a temp directory
 * with a seeded 200-file client and 50 operators, download activity on (the local edge's log, empty),
 * on 127.0.0.1 and a free port.
 *
 * Protocol: one JSON line on stdout when listening, `{"url": "http://127.0.0.1:PORT"}`; when stdin
 * closes (or on SIGTERM) it stops, prints one JSON line of process figures (`PortalStats`), removes
 * the temp directory and exits. `--signing in-thread` signs on the event loop instead of the
 * signing pool the portal uses (for comparison). A `mark` line on stdin starts the CPU time count afresh (the
 * measurement's start, after sign-ins and warm-up).
 */

export const USERS = 50;
export const FILES = 200;
export const CLIENT = "bench-client";
export const PREFIX = "client_files";
export const PASSWORD = "bench-password-0123456789";
export const userNames = (): string[] => Array.from({ length: USERS }, (_, i) => `bench-user-${String(i).padStart(2, "0")}`);

export interface PortalReady {
  url: string;
}

export interface PortalStats {
  /** Peak resident set size of the portal process, MiB. */
  peakRssMiB: number;
  /** CPU time of the portal process (all its threads) since the last `mark` line on stdin, ms. */
  cpuMs: number;
}

async function seed(store: LocalObjectStore): Promise<void> {
  const files = Array.from({ length: FILES }, (_, i) => `${PREFIX}/${CLIENT}/${["reports", "exports/2026", "data/raw", "misc"][i % 4]}/file-${String(i).padStart(3, "0")}.csv`);
  for (let i = 0; i < files.length; i += 20) await Promise.all(files.slice(i, i + 20).map((key, j) => store.put(key, `row,${i + j}\n`.repeat(50))));
  for (const other of ["acme-corp", "globex", "initech"]) await store.put(`${PREFIX}/${other}/README.txt`, `files for ${other}\n`);
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf("--signing");
  const signing = at >= 0 ? argv[at + 1] : "pool";
  if (signing !== "pool" && signing !== "in-thread") throw new Error(`--signing must be pool or in-thread, not ${signing}`);
  const pool = signing === "pool" ? new SigningPool() : undefined;
  const dir = await mkdtemp(join(tmpdir(), "bench-portal-"));
  const store = new LocalObjectStore(dir);
  const clock = () => new Date();
  const pair = generateKeyPair("rsa");
  const key = { keyPairId: localKeyPairId(), privateKey: loadPrivateKey(pair.privateKeyPem) };
  await seed(store);
  const users = new UserStore(store, clock);
  const names = userNames();
  for (let i = 0; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => users.add(name, "operator", PASSWORD)));

  const app = benchPortalApp({ store, dataDir: dir, publicUrl: "https://files.example.com", prefix: PREFIX, key, users, clock, ...(pool ? { pool } : {}) });
  const close = await startPortal(app, 0, "127.0.0.1");
  const ready: PortalReady = { url: `http://127.0.0.1:${close.port}` };
  process.stdout.write(`${JSON.stringify(ready)}\n`);

  const cpu = () => {
    const usage = process.resourceUsage();
    return (usage.userCPUTime + usage.systemCPUTime) / 1000;
  };
  let cpuAtMark = cpu();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close().catch(() => undefined);
    await pool?.close();
    const stats: PortalStats = { peakRssMiB: process.resourceUsage().maxRSS / 1024, cpuMs: cpu() - cpuAtMark };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  };
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    input += chunk;
    const lines = input.split("\n");
    input = lines.pop()!;
    if (lines.includes("mark")) cpuAtMark = cpu();
  });
  process.stdin.on("end", () => void stop());
  process.stdin.on("error", () => void stop());
  process.stdin.resume();
  process.once("SIGTERM", () => void stop());
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench portal server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
