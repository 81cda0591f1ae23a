/**
 * Runs `signed-share <table command>` for shell scripts without a Node start per call
 * (docs/contributing.md#keeping-the-suite-fast): a loopback HTTP server in the test process runs the
 * command through the command table (runCommand, as the dispatcher does) with the caller's
 * environment and standard input, and answers its exit code, stderr and stdout; `bridgeShim` is the
 * bash text that calls it for the table's commands and starts the shared build's cli.js for every
 * other command (`cli`: the node arguments and environment of the build, run-tool.ts' distCommand).
 * A command runs in process for 0.45 s less CPU than `node cli.js` takes to start.
 *
 * Wire format (one request per command): the body is the caller's `env -0` in base64, a line of
 * arguments each base64-encoded behind an "x" (so that empty ones survive), then standard input
 * (sent only with --password-stdin, the one option of the table that reads it, so that a command
 * never eats input a later command of the script needs). The answer is the exit code, a line of
 * base64 stderr, then stdout.
 */
import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";
import { runCommand } from "../../tools/commands/run-command.js";
import { isLocalCommand } from "../../tools/commands/command.js";
import { COMMANDS } from "../../tools/commands/table.js";

export interface CommandBridge {
  url: string;
  /** How many commands it ran: a test can check that the scripts went through it. */
  calls(): number;
  close(): Promise<void>;
}

function decodeArgs(line: string): string[] {
  return line
    .split(" ")
    .filter((word) => word !== "")
    .map((word) => Buffer.from(word, "base64").toString("utf8").slice(1));
}

function decodeEnv(line: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const pair of Buffer.from(line, "base64").toString("utf8").split("\0")) {
    const at = pair.indexOf("=");
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/** Splits the request body at its first two line ends: env, arguments, standard input. */
function parseBody(body: Buffer): { env: NodeJS.ProcessEnv; argv: string[]; stdin: Buffer } {
  const first = body.indexOf(10);
  const second = body.indexOf(10, first + 1);
  if (first < 0 || second < 0) throw new Error("malformed bridge request");
  return {
    env: decodeEnv(body.subarray(0, first).toString("latin1")),
    argv: decodeArgs(body.subarray(first + 1, second).toString("latin1")),
    stdin: body.subarray(second + 1),
  };
}

export async function startCommandBridge(): Promise<CommandBridge> {
  let calls = 0;
  // One command at a time, like a script runs them.
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      queue = queue.then(async () => {
        try {
          const { env, argv, stdin } = parseBody(Buffer.concat(chunks));
          let stdout = "";
          let stderr = "";
          calls += 1;
          const code = await runCommand(argv, {
            io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text), isTTY: false }, stdin: Readable.from([stdin]) },
            env,
          });
          response.end(`${code}\n${Buffer.from(stderr).toString("base64")}\n${stdout}`);
        } catch (error) {
          response.end(`1\n${Buffer.from(`command bridge: ${(error as Error).stack}\n`).toString("base64")}\n`);
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("bridge did not listen");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The names of the table's operation commands: "issue", "links list", ... (the dispatcher's
 * tableCommandOf). Not the local commands (`keys`, `sign`, `remind`, `rotate-keys`, ...): they load
 * their module of tools/ when they run, which only a process (or the build) can.
 */
export function tableCommandNames(): string[] {
  return [...new Set(COMMANDS.filter((command) => !isLocalCommand(command)).map((command) => command.name))].sort();
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * The body of an `npx` for scripts: `npx signed-share <table command> ...` from `cwd` goes through the
 * bridge, any other `npx signed-share ...` runs `node <cli>`, anything else the real npx.
 */
export function bridgeShim(options: { bridgeUrl: string; node: string; cli: { args: string[]; env: NodeJS.ProcessEnv }; realNpx: string; cwd: string }): string {
  const cliEnv = Object.entries(options.cli.env).map(([name, value]) => `${name}=${quote(value ?? "")}`).join(" ");
  const cli = [options.node, ...options.cli.args].map(quote).join(" ");
  const patterns = tableCommandNames()
    .flatMap((name) => [quote(name), `${quote(`${name} `)}*`])
    .join("|");
  return `#!/bin/bash
# npx for the documentation examples (test/support/command-bridge.ts).
if [ "$1" = signed-share ]; then
  shift
  if [ "$PWD" = ${quote(options.cwd)} ]; then
    case "$*" in
      ${patterns})
        {
          env -0 | base64 -w0; echo
          for arg in "$@"; do printf 'x%s' "$arg" | base64 -w0; printf ' '; done; echo
          case " $* " in *" --password-stdin "*) cat ;; esac
        } | curl -sS --data-binary @- ${quote(options.bridgeUrl)} | {
          read -r code || exit 1
          read -r err
          printf '%s' "$err" | base64 -d >&2
          cat
          exit "$code"
        }
        exit $?
        ;;
    esac
  fi
  ${cliEnv ? `export ${cliEnv}\n  ` : ""}exec ${cli} "$@"
fi
exec ${quote(options.realNpx)} "$@"
`;
}
