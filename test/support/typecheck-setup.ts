/**
 * vitest globalSetup: under `npm test`, the type check (`tsc --noEmit`) runs beside the tests instead
 * of before them (it takes one core for ~15 s; the tests rarely keep both busy all the time). Its
 * result is as fatal as before: at the end of the run its errors are printed, in tsc's own format,
 * and the run fails (exit code 1). `npx vitest run <files>` while working skips it; run
 * `npx tsc --noEmit` yourself (docs/contributing.md#keeping-the-suite-fast).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const repoRoot = join(__dirname, "..", "..");

/** Whether this run is `npm test` (npm names the script it runs in npm_lifecycle_event). */
export function typecheckWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.npm_lifecycle_event === "test";
}

export interface Typecheck {
  /** Waits for tsc; resolves to its report (empty when it passed) and its exit code. */
  result(): Promise<{ code: number | null; output: string }>;
}

/** Starts `tsc --noEmit` on the repository's tsconfig.json, its output collected. */
export function startTypecheck(cwd = repoRoot): Typecheck {
  const tsc = require.resolve("typescript/bin/tsc", { paths: [cwd] });
  const child = spawn(process.execPath, [tsc, "--noEmit", "--pretty", "false"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on("error", (error) => resolve({ code: null, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ code, output }));
  });
  return { result: () => done };
}

export default function setup(): (() => Promise<void>) | undefined {
  if (!typecheckWanted()) return undefined;
  const typecheck = startTypecheck();
  return async () => {
    const { code, output } = await typecheck.result();
    if (code === 0) return;
    // A throw in a global teardown is only printed by vitest; the exit code is what CI sees.
    process.exitCode = 1;
    process.stderr.write(`\nFAIL tsc --noEmit (exit ${code}):\n${output}`);
  };
}
