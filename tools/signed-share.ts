// `signed-share <command> [args]`: the one command-line entry (the `bin`, and dist/cli.js once built).
// Every command but the servers and the build tools comes from the command table
// (tools/commands/table.ts) and runs in this process; start, portal, bench and build are modules that
// run their own main() on process.argv when loaded, so the dispatcher drops the command name from
// argv and loads the module. The npm scripts stay as
// aliases of the same commands.
import { version } from "../package.json";
import { EXIT_CODE } from "../lib/errors.js";
import { runMain } from "./commands/main.js";
import { isTableGroup, tableCommandOf } from "./commands/run-command.js";
import { COMMANDS } from "./commands/table.js";
import { summaryOf } from "./commands/help.js";

const modules: Record<string, { summary: string; load: () => unknown }> = {
  start: { summary: "local mode: portal, local edge and storage on this machine (npm start)", load: () => require("../portal/local/main.js") },
  portal: { summary: "the portal against the configured storage and key store (npm run portal)", load: () => require("../portal/main.js") },
  bench: { summary: "benchmarks against references measured in the same run", load: () => require("./bench.js") },
  build: { summary: "the production bundle in dist/: portal, tools, Lambda handler (npm run build)", load: () => require("./build.js") },
};

/** One line per command: the table's (by their first word, e.g. "links") and the modules'. */
function usage(): string {
  const table = new Map<string, string>();
  for (const command of COMMANDS) {
    const word = command.name.split(" ")[0]!;
    if (!table.has(word)) table.set(word, word === command.name ? summaryOf(command) : `${[...new Set(COMMANDS.filter((c) => c.name.startsWith(`${word} `)).map((c) => c.name.split(" ")[1]))].join(", ")}`);
  }
  const entries: [string, string][] = [
    ["start", modules.start!.summary],
    ["portal", modules.portal!.summary],
    ["issue", "publish a client's page and print its link (--all: every client; --list-clients)"],
    ["links", `issued links: ${table.get("links")}`],
    ["brand", `what clients see of the organisation: ${table.get("brand")}`],
    ["mail", `e-mail settings of a person (address, name as clients see it, notifications): ${table.get("mail")}`],
    ["requests", `file requests, links where a client sends you files: ${table.get("requests")}`],
    ["tokens", `API tokens for pipelines: ${table.get("tokens")} (the token is printed once)`],
    ["users", `portal users: ${table.get("users")}`],
    ["audit", table.get("audit")!],
    ["files", `clients and their files: ${table.get("files")} (files profile: a client's name and contacts)`],
    ["remind", table.get("remind")!],
    ["keys:init", table.get("keys:init")!],
    ["rotate-keys", table.get("rotate-keys")!],
    ["keys", `CloudFront key pairs: ${table.get("keys")}`],
    ["sign", table.get("sign")!],
    ["edge", table.get("edge")!],
    ...Object.entries(modules)
      .filter(([name]) => name !== "start" && name !== "portal")
      .map(([name, { summary }]) => [name, summary] as [string, string]),
  ];
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: signed-share <command> [options]    (signed-share <command> --help for its options)\n\nCommands:\n${lines.join("\n")}\n\nsigned-share --version prints the version. The npm scripts (npm start, npm run <command> -- ...) run\nthe same commands; npm adds its own lines to stdout, so scripts that read --json use signed-share.\n`;
}

const argv = process.argv.slice(2);
const [name, ...rest] = argv;
if (name === undefined || name === "-h" || name === "--help" || name === "help") {
  process.stdout.write(usage());
} else if (name === "--version" || name === "-V") {
  process.stdout.write(`signed-share ${version}\n`);
} else if (tableCommandOf(argv) !== undefined || (isTableGroup(name) && !Object.hasOwn(modules, name))) {
  runMain(argv);
} else if (!Object.hasOwn(modules, name)) {
  process.stderr.write(`error: unknown command "${name}"\n\n${usage()}`);
  process.exitCode = EXIT_CODE["bad-input"];
} else {
  process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
  modules[name]!.load();
}
