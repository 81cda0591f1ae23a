import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot, type ToolResult } from "../../support/run-tool.js";

/** tsx's loader by path, so that tools run from any working directory. */
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;

/**
 * Runs tools/<file> as `npm run` would (tsx), from `cwd`, with only the given SHARE_* settings
 * (the developer's own environment must not leak into the test).
 */
export function runKeyTool(file: string, args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<ToolResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SHARE_|AWS_|EDGE_URL$|PORTAL_|OIDC_)/.test(name)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, join(repoRoot, "tools", file), ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
