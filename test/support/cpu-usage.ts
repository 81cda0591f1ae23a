/**
 * Opt-in cost report (docs/contributing.md#keeping-the-suite-fast): with SIGNED_SHARE_TEST_CPU=<file>
 * set, each test file appends one JSON line to <file>: its path, its wall time and the CPU seconds
 * (user + system) its worker spent on it, processes it started and waited for included (Linux:
 * /proc/self/stat's utime, stime, cutime and cstime, in ticks of 1/100 s). Unlike durations, CPU seconds do not grow with
 * the machine's load, so they compare between runs on a shared machine.
 */
import { appendFileSync, readFileSync } from "node:fs";

/** CPU seconds of this process and of its waited-for children, or undefined off Linux. */
export function cpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

/** Starts measuring one test file; the returned function appends its line to `report`. */
export function measureFile(report: string): (file: string) => void {
  const cpuAtStart = cpuSeconds();
  const wallAtStart = performance.now();
  return (file) => {
    const cpu = cpuSeconds();
    if (cpu === undefined || cpuAtStart === undefined) return;
    const line = { file, cpu: Number((cpu - cpuAtStart).toFixed(2)), wall: Number(((performance.now() - wallAtStart) / 1000).toFixed(2)), pid: process.pid };
    appendFileSync(report, `${JSON.stringify(line)}\n`);
  };
}
