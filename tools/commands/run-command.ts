import { systemClock } from "../../lib/clock.js";
import { describeError } from "../../lib/aws-errors.js";
import { EXIT_CODE, InvalidRequestError, ShareError } from "../../lib/errors.js";
import type { Config } from "../../lib/config.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { createServices } from "../../lib/ops/compose.js";
import { createStore } from "../../lib/storage/create-store.js";
import { adminAddresses } from "../../portal/admin-addresses.js";
import { UserStore } from "../../lib/users/user-store.js";
import type { Actor, RunContext } from "../../lib/ops/operation.js";
import { runOperation } from "../../lib/ops/run.js";
import type { Services } from "../../lib/ops/services.js";
import { loadToolConfig, operatorName, parseFlags, UsageError } from "../cli.js";
import { isLocalCommand, type AnyCommand, type Command, type CommandIo, type CommandLine, type Flag } from "./command.js";
import { commonFlagsOf } from "./common-flags.js";
import { commandHelp, groupHelp } from "./help.js";
import { COMMANDS } from "./table.js";

export interface RunCommandOptions {
  io?: CommandIo;
  env?: NodeJS.ProcessEnv;
  /** The services to run on (tests); by default the composition root builds them from the configuration. */
  services?: Services;
}

/** The command-line name a table command answers to: two words ("links list") or one ("issue"). */
export function tableCommandOf(argv: readonly string[]): string | undefined {
  const two = `${argv[0]} ${argv[1]}`;
  if (COMMANDS.some((command) => command.name === two)) return two;
  if (COMMANDS.some((command) => command.name === argv[0])) return argv[0];
  return undefined;
}

/** Whether `signed-share GROUP ...` belongs to the table (`links` is a group of table commands). */
export function isTableGroup(word: string | undefined): boolean {
  return word !== undefined && COMMANDS.some((command) => command.name.startsWith(`${word} `));
}

/**
 * Runs one command of the table in this process and returns its exit code: parses the command line
 * against the table, builds the operation's input, runs it through the operations layer, then prints
 * the result (its JSON document with --json, the command's printer otherwise). Errors print their
 * message (and, with --json, their JSON document on stdout) and give the exit code of their kind.
 */
export async function runCommand(argv: readonly string[], options: RunCommandOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const env = options.env ?? process.env;
  let json = argv.includes("--json");
  let entry: AnyCommand | undefined;
  try {
    const name = tableCommandOf(argv);
    if (name === undefined) {
      const group = argv[0];
      if (isTableGroup(group) && (argv.length === 1 || argv[1] === "--help" || argv[1] === "-h" || argv[1] === "help")) {
        io.stdout.write(groupHelp(group!));
        return 0;
      }
      throw new UsageError(isTableGroup(group) ? `give a command of ${group}; see: signed-share ${group} --help` : `unknown command "${argv.slice(0, 2).join(" ")}" (see signed-share --help)`);
    }
    const entries = COMMANDS.filter((command) => command.name === name);
    const line = parse(argv.slice(name.split(" ").length), entries);
    json = line.values.json === true;
    if (line.values.help) {
      io.stdout.write(commandHelp(name));
      return 0;
    }
    entry = entries.find((command) => isLocalCommand(command) || !command.when || command.when(line)) ?? entries.at(-1)!;
    if (isLocalCommand(entry)) {
      checkLine(entry, line);
      return (await entry.run(line, { io, env })) ?? 0;
    }
    const input = await inputOf(entry, line, io);
    const services = options.services ?? servicesFor(loadToolConfig(line.values.config as string | undefined, env), io);
    try {
      const actor: Actor = { name: (line.values.by as string | undefined) ?? `cli:${operatorName()}`, role: "admin", via: "cli" };
      if (entry.pages && input.limit === undefined && input.cursor === undefined) {
        await printEveryPage(entry, entry.pages.items, services, input, actor, io, line, json);
        return 0;
      }
      const result = await runOperation(entry.operation, services, input, actor, progressFor(io, json));
      if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else entry.print(result as never, io, line);
      return 0;
    } finally {
      if (!options.services) await (services as { close?(): Promise<void> }).close?.();
    }
  } catch (error) {
    return reportError(error, io, json, entry);
  }
}

/** Every page of a list, following `next`: the printer's form page by page, or one JSON document written as the pages come. */
async function printEveryPage(entry: Command, items: string, services: Services, input: Record<string, unknown>, actor: Actor, io: CommandIo, line: CommandLine, json: boolean): Promise<void> {
  let cursor: string | undefined;
  let first = true;
  let written = 0;
  do {
    const page = (await runOperation(entry.operation, services, { ...input, ...(cursor ? { cursor } : {}) }, actor)) as Record<string, unknown> & { next?: string };
    cursor = page.next;
    if (json) {
      if (first) io.stdout.write(`{${JSON.stringify(items)}:[`);
      for (const item of page[items] as unknown[]) io.stdout.write(`${written++ === 0 ? "" : ","}${JSON.stringify(item)}`);
      if (!cursor) io.stdout.write("]}\n");
    } else {
      entry.print(page as never, io, line, { first, last: !cursor });
    }
    first = false;
  } while (cursor);
}

/** The services of a command-line run: the composition root's, with the admins' addresses for infected-file alerts. */
function servicesFor(config: Config, io: CommandIo) {
  const store = createStore(config);
  return createServices(config, {
    clock: systemClock,
    store,
    adminAddresses: adminAddresses(new UserStore(store, systemClock), new MailSettingsStore(store, systemClock)),
    log: (message) => io.stderr.write(`warning: ${message}\n`),
  });
}

/** The command line against the flags of every entry of the command, and the common ones. */
function parse(args: readonly string[], entries: readonly AnyCommand[]): CommandLine {
  const flags = new Map<string, Flag>();
  for (const flag of [...entries.flatMap((entry) => entry.flags), ...commonFlagsOf(entries[0]!)]) flags.set(flag.name, flag);
  const config = Object.fromEntries(
    [...flags.values()].map((flag) => [flag.name, { type: flag.type === "boolean" ? ("boolean" as const) : ("string" as const), ...(flag.type === "strings" ? { multiple: true } : {}), ...(flag.short ? { short: flag.short } : {}) }]),
  );
  const { values, positionals } = parseFlags([...args], config, true);
  return { values: values as CommandLine["values"], positionals };
}

/** Refuses flags of the command's other entries, missing arguments and arguments too many. */
function checkLine(entry: AnyCommand, line: CommandLine): void {
  const accepted = new Set([...entry.flags, ...commonFlagsOf(entry)].map((flag) => flag.name));
  const stray = Object.keys(line.values).find((name) => line.values[name] !== undefined && !accepted.has(name));
  if (stray) throw new UsageError(`--${stray} does not go with signed-share ${entry.usage.replace(/ \[.*$/, "")} (see --help)`);
  const required = entry.arguments.filter((argument) => !argument.optional);
  if (line.positionals.length < required.length) throw new UsageError(`${entry.name} needs ${required.map((argument) => argument.name).join(" and ")} (see --help)`);
  if (line.positionals.length > entry.arguments.length && !entry.arguments.at(-1)?.variadic) {
    throw new UsageError(`${entry.name} takes ${entry.arguments.length === 0 ? "no argument" : entry.arguments.map((argument) => argument.name).join(" and ")}; got ${line.positionals.map((p) => JSON.stringify(p)).join(" ")} (see --help)`);
  }
}

/** The operation's input: arguments and flags by field, then the entry's own adjustments. */
async function inputOf(entry: Command, line: CommandLine, io: CommandIo): Promise<Record<string, unknown>> {
  checkLine(entry, line);
  const input: Record<string, unknown> = {};
  entry.arguments.forEach((argument, i) => {
    if (argument.variadic) input[argument.field] = line.positionals.slice(i);
    else if (line.positionals[i] !== undefined) input[argument.field] = line.positionals[i];
  });
  for (const flag of entry.flags) {
    const value = line.values[flag.name];
    if (flag.field === false || value === undefined) continue;
    input[flag.field ?? camelCase(flag.name)] = value;
  }
  return entry.input ? ((await entry.input(line, input, io)) as Record<string, unknown>) : input;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A progress bar on a terminal (\r updates on stderr), one plain line per item otherwise; silent with --json. */
function progressFor(io: CommandIo, json: boolean): RunContext {
  if (json) return {};
  const tty = Boolean(io.stderr.isTTY);
  return {
    note: (line) => io.stderr.write(`${tty ? "\r\x1b[K" : ""}${line}\n`),
    progress(done, total, line) {
      if (!tty) {
        io.stderr.write(`[${done}/${total}] ${line}\n`);
        return;
      }
      const width = 24;
      const filled = Math.round((done / total) * width);
      io.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}% ${done}/${total}${done === total ? "\n" : ""}`);
    },
  };
}

const PREFIX: Record<number, string> = { 2: "error", 3: "not found" };

/**
 * The one error path of the table's commands: the exit code from the kind (lib/errors.ts), the
 * message on stderr naming the flag (the JSON document keeps the input's field name), the command's
 * hint, where storage was looked in, and with --json the API's error document on stdout.
 */
function reportError(error: unknown, io: CommandIo, json: boolean, entry: AnyCommand | undefined): number {
  const kinded = error instanceof ShareError && error.kind !== "internal" ? error : undefined;
  const code = kinded ? EXIT_CODE[kinded.kind] : EXIT_CODE.internal;
  if (json && kinded) io.stdout.write(`${JSON.stringify({ ...(kinded.partial ?? {}), error: { kind: kinded.kind, message: kinded.message, ...(kinded.field !== undefined ? { field: kinded.field } : {}) } })}\n`);
  else if (kinded?.partial && entry && !isLocalCommand(entry)) {
    // What was done despite the error is still the command's output (the issued link's URL).
    try {
      entry.print(kinded.partial as never, io, { values: {}, positionals: [] });
    } catch {
      // a partial result the printer cannot show: the message below says what happened
    }
  }
  let message = kinded ? flagWords(kinded, entry) : describeError(error);
  const where = (error as { where?: unknown }).where;
  if (typeof where === "string") message += ` (looked in ${where})`;
  const hint = kinded && entry?.hint?.(kinded);
  io.stderr.write(`${PREFIX[code] ?? "failed"}: ${message}${hint ? `; ${hint}` : ""}\n`);
  if (process.env.SHARE_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  return code;
}

/** "expires: ..." as the command line says it: "--expires: ...", "LINK_ID: ...". */
function flagWords(error: ShareError, entry: AnyCommand | undefined): string {
  if (!entry || error.field === undefined) return error.message;
  const flag = entry.flags.find((f) => (f.field ?? camelCase(f.name)) === error.field);
  const argument = entry.arguments.find((a) => a.field === error.field);
  const words = flag ? `--${flag.name}` : argument?.name;
  if (!words) return error.message;
  return error.message.startsWith(`${error.field}: `) ? `${words}: ${error.message.slice(error.field.length + 2)}` : error instanceof InvalidRequestError ? `${words}: ${error.message}` : error.message;
}
