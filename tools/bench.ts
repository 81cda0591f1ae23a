import { portalSuite } from "./bench/portal.js";
import { benchSign } from "./bench/sign.js";
import { benchPublish } from "./bench/publish.js";
import { benchUpload } from "./bench/upload.js";
import { benchActivity } from "./bench/activity.js";
import { benchScale } from "./bench/scale.js";
import { benchScan } from "./bench/scan.js";
import type { Row } from "./table.js";
import { printTable } from "./table.js";
import { parseFlags, runCli, UsageError } from "./cli.js";

const suites: Record<string, { title: string; run(seconds: number): Promise<Row[]> }> = {
  sign: { title: "Signing: signed URLs per second on one core, against openssl speed measured in the same run", run: benchSign },
  portal: portalSuite,
  upload: { title: "Uploads: a 1 GiB file (BENCH_UPLOAD_MB) through the local-mode portal and through a file request (the local edge, then the portal), MiB/s against a plain file write in the same run, and the process's RSS", run: () => benchUpload() },
  activity: {
    title: "Download activity: one link's requests among BENCH_ACTIVITY_LINES log lines (default 100,000), lines/s against a streaming line count over the same bytes",
    run: (seconds) => benchActivity(seconds),
  },
  publish: { title: "Publishing against fauxqs (own process): wall time and links/s, against bare signing of the same URLs in the same run", run: benchPublish },
  scale: {
    title: "Scale: a client of BENCH_SCALE_FILES files (default 100,000) and BENCH_SCALE_LINKS links (default 10,000), each row in its own process, ratios to references measured in this run",
    run: benchScale,
  },
  scan: {
    title: "Malware scanning: clamd INSTREAM throughput of our client on one BENCH_SCAN_MB file (default 64 MiB), against clamdscan --stream on the same file and clamd in the same run",
    run: (seconds) => benchScan(seconds),
  },
};

const help = `Usage: signed-share bench [${Object.keys(suites).join("|")}|all] [--seconds N] [--json]

Runs benchmarks side by side with their references, measured in the same run, and prints
ratios (never absolute pass/fail figures).

  --seconds N   time per measurement (default 3)
  (no name)     every suite but scale; "all" runs scale too (minutes; BENCH_SCALE_FILES,
                BENCH_SCALE_LINKS, BENCH_SCALE_CONCURRENCY, BENCH_SCALE_DELAY_MS set its sizes)
  --json        one JSON object per suite instead of tables

Also runs as: npm run bench -- [arguments] (npm adds its own lines to stdout: scripts use signed-share bench)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { seconds: { type: "string", default: "3" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const seconds = Number(values.seconds);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError("--seconds must be a number from 0 to 600");
  // Without a name: every suite but scale, which takes minutes and a few GB of disk (name it, or all).
  const names = positionals.includes("all") ? Object.keys(suites) : positionals.length === 0 ? Object.keys(suites).filter((name) => name !== "scale") : positionals;
  for (const name of names) if (!suites[name]) throw new UsageError(`unknown benchmark "${name}"; choose from ${Object.keys(suites).join(", ")}`);
  for (const name of names) {
    const suite = suites[name]!;
    if (!values.json) process.stderr.write(`running ${name} (${seconds} s per measurement)...\n`);
    const rows = await suite.run(seconds);
    if (values.json) process.stdout.write(`${JSON.stringify({ suite: name, seconds, rows })}\n`);
    else printTable(suite.title, rows);
  }
  return 0;
}

runCli(main);
