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
import { tableTopics } from "./commands/help.js";

/** The commands outside the table, listed before it (the servers) or after it (the tools). */
const modules: Record<string, { summary: string; listed: "first" | "last"; load: () => unknown }> = {
  start: { summary: "local mode: portal, local edge and storage on this machine (npm start)", listed: "first", load: () => require("../portal/local/main.js") },
  portal: { summary: "the portal against the configured storage and key store (npm run portal)", listed: "first", load: () => require("../portal/main.js") },
  bench: { summary: "benchmarks against references measured in the same run", listed: "last", load: () => require("./bench.js") },
  build: { summary: "the production bundle in dist/: portal, tools, Lambda handler (npm run build)", listed: "last", load: () => require("./build.js") },
};

/** One line per command: the servers, the table's (by their first word, e.g. "links"), the tools. */
function usage(): string {
  const moduleLines = (listed: "first" | "last") => Object.entries(modules).flatMap(([name, module]) => (module.listed === listed ? [[name, module.summary] as [string, string]] : []));
  const entries: [string, string][] = [...moduleLines("first"), ...tableTopics(), ...moduleLines("last")];
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
