import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Runs a bench module in its own Node process (through tsx's loader, by path) and returns the last
 * JSON line it prints on stdout: so that each row's peak RSS is its own, and its work does not share
 * an event loop or a heap with the orchestrator. stderr passes through (progress lines).
 */
export function runChild<T>(module: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const root = join(__dirname, "..", "..");
  const loader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", loader, "--no-warnings", join(__dirname, module), ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: options.env ?? process.env,
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30 * 60_000);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as T);
      else reject(new Error(`${module} ${args.join(" ")} exited with ${code ?? signal}${line ? `: ${line}` : ""}`));
    });
  });
}

/** Peak resident set size of this process so far, MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
