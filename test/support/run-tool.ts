import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { LAMBDA_ENTRIES } from "../../build/portal-bundle.js";
import { repoRoot, tsxLoader } from "./tsx-loader.js";

export { repoRoot };

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment without the project's settings: the developer's own must not leak into a test.
 * The AWS SDK's Node 20 end-of-support warning is turned off with its documented switch (set in
 * vitest.config.mts; docs/node-versions.md), so every warning a tool prints is still seen.
 */
function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(SHARE_|AWS_|PORTAL_|OIDC_|SMTP_|EDGE_URL$|EDGE_PORT$|PORT$)/.test(name));
  const sdkWarning = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return { ...Object.fromEntries(inherited), ...(sdkWarning ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: sdkWarning } : {}), ...extra };
}

/** npm's warnings about the machine's npmrc are not the tool's output. */
function stripNoise(text: string): string {
  return text
    .split("\n")
    .filter((line) => !line.startsWith("npm warn"))
    .join("\n");
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to a pipe on stdin (default: an empty pipe). */
  input?: string;
  /** "null": stdin is /dev/null instead of a pipe, as under cron or `< /dev/null`. */
  stdin?: "pipe" | "null";
}

/** Runs a command to its end with `input` on stdin, with only the given project settings in the environment. */
function run(command: string, args: string[], options: RunOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const stdin = options.stdin === "null" ? "ignore" : "pipe";
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: isolatedEnv(options.env), stdio: [stdin, "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: stripNoise(stderr) }));
    child.stdin?.end(options.input ?? "");
  });
}

/**
 * The test run's shared production build (test/support/dist-setup.ts, built once per run): `node
 * distFile("cli.js") ...` is the signed-share command in 0.3 s, where a tsx start costs 1-2 s.
 */
export function distFile(name: "cli.js" | "portal.js" | "lambda.js" | "signing-worker.js"): string {
  return join(inject("dist"), name);
}

/**
 * The Lambda part of the run's shared build (lambda.js, signing-worker.js, package.json) copied into
 * `dir`: a path of the caller's own, so that the handler module it requires is its own.
 */
export function copyLambdaBuild(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of [...LAMBDA_ENTRIES.map((entry) => `${entry}.js`), "package.json"]) cpSync(join(inject("dist"), name), join(dir, name));
}

/** Preloaded by the processes of the shared build: V8's compiled code of cli.js, made once per run (code-cache.cjs). */
export const codeCachePreload = join(repoRoot, "test", "support", "code-cache.cjs");

/** `node` arguments and environment that run `signed-share args` from the shared build with its code cache. */
export function distCommand(args: string[], env: NodeJS.ProcessEnv = {}): { args: string[]; env: NodeJS.ProcessEnv } {
  return { args: ["--require", codeCachePreload, distFile("cli.js"), ...args], env: { ...env, SIGNED_SHARE_CODE_CACHE: inject("dist") } };
}

/** Commands that run only from a checkout (the bundle leaves them out): they still start through tsx. */
const CHECKOUT_ONLY = new Set(["bench", "build"]);

/**
 * Runs the command of `tools/<file>` (`keys-init.ts` is `signed-share keys:init`) as a process, from
 * `cwd` (default: the repository), with only the given project settings in the environment: from the
 * run's shared build (`node cli.js <command>`, the same dispatcher and command modules), or through
 * tsx for the checkout-only commands. For a command of the table, prefer runInProcess
 * (run-command.ts): no process at all. docs/contributing.md#tests.
 */
export function runTool(file: string, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  const command = commandOfTool(file);
  if (CHECKOUT_ONLY.has(command)) return run(process.execPath, ["--import", tsxLoader, join(repoRoot, "tools", file), ...args], options);
  return runDist([command, ...args], options);
}

/** `signed-share args` from the run's shared build (node cli.js), from `cwd` (default: the repository). */
export function runDist(args: string[], options: RunOptions = {}): Promise<ToolResult> {
  const command = distCommand(args, options.env);
  return run(process.execPath, command.args, { ...options, env: command.env });
}

/** The dispatcher's name of a tool file: the file's name without .ts, `keys-init` as `keys:init`. */
function commandOfTool(file: string): string {
  const name = file.replace(/\.ts$/, "");
  return name === "keys-init" ? "keys:init" : name;
}

/** Runs a built bundle (dist/*.js) with plain `node` (no tsx, no loader), from `cwd`, with only the given project settings. */
export function runBundle(script: string, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  return run(process.execPath, [script, ...args], options);
}

/** Runs `npx --no signed-share args` from the repository, as scripts call the command-line entry. */
export function runBin(args: string[], options: Omit<RunOptions, "cwd"> = {}): Promise<ToolResult> {
  return run("npx", ["--no", "signed-share", ...args], options);
}

/** Runs `node bin/signed-share.cjs args` (the bin without npx) from `cwd`. */
export function runDispatcher(args: string[], options: RunOptions = {}): Promise<ToolResult> {
  return run(process.execPath, [join(repoRoot, "bin", "signed-share.cjs"), ...args], options);
}

/** Runs `node args` with the tools' isolated environment (for checks on the runtime itself). */
export function runNode(args: string[], options: RunOptions = {}): Promise<ToolResult> {
  return run(process.execPath, args, options);
}

/** util-linux `script`, which runs a command on a pseudo-terminal; undefined where it is missing. */
export const scriptCommand = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path));

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the command of `tools/<file>` (from the run's shared build, like runTool) with a terminal on
 * stdin (through `script`), typing `input` into it: what an operator at a shell gets. Output
 * arrives as the terminal shows it (stdout and stderr mixed, CR LF).
 */
export function runToolOnTerminal(file: string, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  if (!scriptCommand) throw new Error("runToolOnTerminal needs util-linux script");
  const dist = distCommand([commandOfTool(file), ...args], options.env);
  const command = [process.execPath, ...dist.args].map(shellQuote).join(" ");
  return run(scriptCommand, ["-qec", command, "/dev/null"], { ...options, env: dist.env });
}

/** Runs a bash script (`bash -euo pipefail -c`) from the repository root, with only the given project settings in the environment. */
export function runBash(script: string, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ToolResult> {
  return run("bash", ["-euo", "pipefail", "-c", script], options);
}

/** Runs `npm run --silent <script> -- args` from the repository root, as an operator would. */
export function runScript(script: string, args: string[], options: Omit<RunOptions, "cwd"> = {}): Promise<ToolResult> {
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

/**
 * Starts `signed-share args` (`start`, `edge`, `portal`) from the run's shared build (node cli.js,
 * test/support/dist-setup.ts): startScript without npm and tsx.
 */
export function startDist(
  args: string[],
  ready: RegExp,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ match: RegExpMatchArray; output: () => string; stop: () => Promise<void>; child: ChildProcess }> {
  const command = distCommand(args, options.env);
  return startCommand(process.execPath, command.args, ready, { ...options, env: command.env });
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
