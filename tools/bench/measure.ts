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

/** `openssl speed` sign/s for one algorithm (single core; it takes whole seconds), or undefined when openssl is not installed. */
export async function opensslSignRate(algorithm: "rsa2048" | "ecdsap256", seconds: number): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)("openssl", ["speed", "-seconds", String(Math.max(1, Math.round(seconds))), algorithm], { timeout: (seconds + 30) * 1000 });
    // "rsa 2048 bits 0.000206s 0.000013s 4852.8 79453.3" / " 256 bits ecdsa (nistp256) 0.0000s 0.0000s 71453.0 24445.2"
    const line = stdout.split("\n").find((l) => (algorithm === "rsa2048" ? /^rsa\s+2048 bits/ : /ecdsa \(nistp256\)/).test(l.trim()));
    const numbers = line?.trim().split(/\s+/).slice(-2);
    return numbers ? Number(numbers[0]) : undefined;
  } catch {
    return undefined;
  }
}

