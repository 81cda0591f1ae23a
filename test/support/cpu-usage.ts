/**
 * Opt-in cost report (docs/contributing.md#keeping-the-suite-fast): with SIGNED_SHARE_TEST_CPU=<file>
 * set, each test file appends one JSON line to <file>: its path, its wall time and the CPU seconds
 * (user + system) its worker spent on it, processes it started and waited for included (`children`: their part; Linux:
 * /proc/self/stat's utime, stime, cutime and cstime, in ticks of 1/100 s). Unlike durations, CPU seconds do not grow with
 * the machine's load, so they compare between runs on a shared machine.
 */
import { appendFileSync, readFileSync } from "node:fs";

/** CPU seconds of this process (self) and of its waited-for children, or undefined off Linux. */
export function cpuUsage(): { self: number; children: number } | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    return { self: (fields[11]! + fields[12]!) / 100, children: (fields[13]! + fields[14]!) / 100 };
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process and of its waited-for children, or undefined off Linux. */
export function cpuSeconds(): number | undefined {
  const usage = cpuUsage();
  return usage && usage.self + usage.children;
}

/** Starts measuring one test file; the returned function appends its line to `report`. */
export function measureFile(report: string): (file: string) => void {
  const atStart = cpuUsage();
  const wallAtStart = performance.now();
  return (file) => {
    const usage = cpuUsage();
    if (usage === undefined || atStart === undefined) return;
    const seconds = (value: number) => Number(value.toFixed(2));
    const self = usage.self - atStart.self;
    const children = usage.children - atStart.children;
    const line = { file, cpu: seconds(self + children), children: seconds(children), wall: seconds((performance.now() - wallAtStart) / 1000), pid: process.pid };
    appendFileSync(report, `${JSON.stringify(line)}\n`);
  };
}
