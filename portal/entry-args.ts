import { EXIT_CODE } from "../lib/errors.js";
import { parseArgs } from "node:util";

/**
 * The command line of a server entry (start, portal): `--help` prints `usage` and exits 0 before
 * anything starts; any other argument is a usage error (exit 2). Settings come from the environment.
 */
export function handleEntryArgs(argv: string[], usage: string): void {
  let help = false;
  try {
    help = Boolean(parseArgs({ args: argv, options: { help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values.help);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message.split("\n")[0]} (see --help; settings are environment variables)\n`);
    process.exit(EXIT_CODE["bad-input"]);
  }
  if (help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
}
