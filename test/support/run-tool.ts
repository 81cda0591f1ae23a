import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const repoRoot = join(__dirname, "..", "..");

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** tsx's loader by path, so that tools run from any working directory. */
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** The environment without the project's settings: the developer's own must not leak into a test. */
function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(SHARE_|AWS_|PORTAL_|OIDC_|EDGE_URL$|EDGE_PORT$|PORT$)/.test(name));
  return { ...Object.fromEntries(inherited), ...extra };
}

/** npm's warnings about the machine's npmrc and the AWS SDK's about Node 20 are not the tool's output. */
function stripNoise(text: string): string {
  return text
    .replace(/^\(node:\d+\) (Warning: )?NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/m, "")
    .split("\n")
    .filter((line) => !line.startsWith("npm warn"))
    .join("\n");
}

/** Runs a command to its end with `input` on stdin, with only the given project settings in the environment. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: isolatedEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: stripNoise(stderr) }));
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Runs `tools/<file>` the way its package script does (tsx), from `cwd` (default: the repository),
 * with only the given project settings in the environment.
 */
export function runTool(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ToolResult> {
  return run(process.execPath, ["--import", tsxLoader, join(repoRoot, "tools", file), ...args], options);
}

/** Runs a built bundle with plain `node` (no tsx, no loader), from `cwd`, with only the given project settings. */
export function runNode(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ToolResult> {
  return run(process.execPath, [script, ...args], options);
}

/** Runs `npm run --silent <script> -- args` from the repository root, as an operator would. */
export function runScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ToolResult> {
  return run("npm", ["run", "--silent", script, "--", ...args], options);
}

/**
 * Starts a long-running `npm run <script>` and resolves once a line of its stdout matches `ready`,
 * with the match; `stop()` ends the whole process group.
 */
export function startScript(
  script: string,
  args: string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ match: RegExpMatchArray; output: () => string; stop: () => Promise<void>; child: ChildProcess }> {
  return startCommand("npm", ["run", "--silent", script, "--", ...args], ready, options);
}

/** startScript for any command (e.g. `node dist/portal.js`), from `cwd` (default: the repository). */
export function startCommand(
  command: string,
  args: string[],
  ready: RegExp,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ match: RegExpMatchArray; output: () => string; stop: () => Promise<void>; child: ChildProcess }> {
  const script = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: isolatedEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          done();
        }
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not print ${ready} within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output: () => output, stop, child });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`));
    });
  });
}
