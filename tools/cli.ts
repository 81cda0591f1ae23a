import { userInfo } from "node:os";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, type Config } from "../lib/config.js";
import { describeError } from "../lib/aws-errors.js";
import { EXIT_CODE, kindOf, ShareError } from "../lib/errors.js";
import { runningLocalMode } from "../lib/local-mode-state.js";

/** Shared shape of the command-line tools: one run() per command, one error path, exit codes that mean something. */

/** The command line or its input is wrong (bad-input: exit 2); the message says how to call it right. */
export class UsageError extends ShareError {
  constructor(message: string) {
    super("bad-input", message);
  }
}

/**
 * Runs the main function of a tool outside the command table (bench, build): an error
 * prints one line and exits with the code of its kind (set SHARE_DEBUG=1 for the stack); AWS setup
 * errors say what to set.
 */
export function runCli(main: (argv: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      const kind = kindOf(error);
      const code = EXIT_CODE[kind];
      process.stderr.write(`${kind === "not-found" ? "not found" : EXIT_CODE[kind] === EXIT_CODE["bad-input"] ? "error" : "failed"}: ${describeError(error)}\n`);
      if (process.env.SHARE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = code;
    },
  );
}

/** node:util parseArgs in strict mode, its complaints turned into a UsageError that points at --help. */
const LINK_ID_SHAPED = /^-[A-Za-z0-9_-]{21}$/;

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, allowPositionals = false) {
  // One link id in 64 starts with "-" (base64url): an argument of exactly that shape that names no
  // option is a link id, whether positional (`links revoke -K…`) or an option's value.
  const held: string[] = [];
  const hold = (arg: string) => `\0${held.push(arg) - 1}`;
  const args = argv.map((arg) => (LINK_ID_SHAPED.test(arg) && !(arg.slice(2) in options) ? hold(arg) : arg));
  const release = (value: unknown) => (typeof value === "string" && value.startsWith("\0") ? held[Number(value.slice(1))] : value);
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals });
    for (const [name, value] of Object.entries(values)) (values as Record<string, unknown>)[name] = Array.isArray(value) ? value.map(release) : release(value);
    return { values, positionals: positionals.map(release) as string[] };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
}

/** Reads a `file://PATH` (or plain path) argument the way the AWS CLI does. */
export function filePathArgument(value: string): string {
  return value.startsWith("file://") ? value.slice("file://".length) : value;
}

/**
 * The validated configuration (environment, then the stack outputs file); a bad setting is a usage
 * error. In local mode without SHARE_PUBLIC_URL, links are signed for the edge of the local mode
 * running on the same data directory, wherever it listens (SHARE_DATA_DIR/local-mode.json).
 */
export function loadToolConfig(configFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  let config: Config;
  try {
    config = loadConfig({ env, ...(configFile ? { configFile } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (config.mode !== "local" || env.SHARE_PUBLIC_URL?.trim()) return config;
  const running = runningLocalMode(config.dataDir);
  return running ? { ...config, publicUrl: running.edgeUrl } : config;
}

/** Who runs the command, for audit records ("cli:alice"). */
export function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}
