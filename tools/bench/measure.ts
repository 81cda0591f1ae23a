import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Calls `fn` in a tight loop on this thread for about `seconds` (after a short warm-up) and returns calls per second. */
export function ratePerSecond(fn: (i: number) => unknown, seconds: number): number {
  for (let i = 0; i < 50; i++) fn(i);
  let calls = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  // Check the clock every 16 calls: cheap enough not to show in the figure.
  while (true) {
    for (let j = 0; j < 16; j++) fn(calls++);
    if (performance.now() >= until) break;
  }
  return (calls * 1000) / (performance.now() - started);
}

/** `openssl speed` sign/s for one algorithm (single core), or undefined when openssl is not installed. */
export async function opensslSignRate(algorithm: "rsa2048" | "ecdsap256", seconds: number): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)("openssl", ["speed", "-seconds", String(seconds), algorithm], { timeout: (seconds + 30) * 1000 });
    // "rsa 2048 bits 0.000206s 0.000013s 4852.8 79453.3" / " 256 bits ecdsa (nistp256) 0.0000s 0.0000s 71453.0 24445.2"
    const line = stdout.split("\n").find((l) => (algorithm === "rsa2048" ? /^rsa\s+2048 bits/ : /ecdsa \(nistp256\)/).test(l.trim()));
    const numbers = line?.trim().split(/\s+/).slice(-2);
    return numbers ? Number(numbers[0]) : undefined;
  } catch {
    return undefined;
  }
}

export interface Row {
  [column: string]: string | number | undefined;
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? "-" : typeof v === "number" ? formatNumber(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  // Text columns align left, figures right.
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] !== "string"));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ");
  process.stdout.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => cell(r[c])))}\n`);
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2);
}
