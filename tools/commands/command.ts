import type { ErrorKind, ShareError } from "../../lib/errors.js";
import type { AnyOperation, InputOf, Operation, ResultOf } from "../../lib/ops/operation.js";

/** Where a command writes: stdout for results (and only JSON with --json), stderr for everything else. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CommandIo {
  stdout: Output;
  stderr: Output;
  /** Where --password-stdin reads from (default: the process's standard input). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** Which page of a list a printer is given when the command prints every page (see Command.pages). */
export interface PageOf {
  first: boolean;
  last: boolean;
}

/** A flag of a command. Its value goes into the operation's input as `field` (camelCase of the name by default). */
export interface Flag {
  name: string;
  /** string: --flag VALUE; strings: repeatable; boolean: --flag alone. */
  type: "string" | "strings" | "boolean";
  /** How help names the value: WHEN, CLIENT, ADDRESS. */
  value?: string;
  help: string;
  /** The input field it sets; false when the command reads it itself (in `input` or `when`). */
  field?: string | false;
  short?: string;
}

/** A positional argument: its value goes into the operation's input as `field`. */
export interface Argument {
  name: string;
  field: string;
  optional?: boolean;
  /** The last argument may take several values (PATH...): the field gets them all. */
  variadic?: boolean;
}

/** What a command line parsed to: flags by name, positionals after the command's name. */
export interface CommandLine {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

/**
 * One entry of the command table: a command (one or two words) that runs one operation. Several
 * entries may share a name (`links revoke LINK_ID`, `links revoke --client CLIENT`): the first whose
 * `when` holds runs. Help, flag parsing, --json, errors and exit codes come from the table.
 */
export interface Command<O extends AnyOperation = AnyOperation> {
  name: string;
  /** One line for the command list; the operation's summary when absent. */
  summary?: string;
  /** The synopsis after `signed-share `, e.g. "links revoke LINK_ID [--by NAME]". */
  usage: string;
  /** Paragraphs for --help: what it does, beyond the summary. */
  description?: string;
  arguments: readonly Argument[];
  flags: readonly Flag[];
  examples: readonly string[];
  operation: O;
  /** Whether this entry is the one a command line means (default: yes). */
  when?(line: CommandLine): boolean;
  /** Adjusts the input built from arguments and flags (a flag that sets a fixed value, a derived field). */
  input?(line: CommandLine, input: Record<string, unknown>, io: CommandIo): Partial<InputOf<O>> | Record<string, unknown> | Promise<Partial<InputOf<O>> | Record<string, unknown>>;
  /**
   * A list by cursor (`limit`, `cursor` in, `next` out): without --limit or --cursor the command
   * prints every page, following `next`; --json then prints one document whose `items` member holds
   * every item, written as the pages come.
   */
  pages?: { items: string };
  /** The human form of the result: the result itself (the URL, a table) on stdout, comments on stderr; `page` when printing every page. */
  print(result: ResultOf<O>, io: CommandIo, line: CommandLine, page?: PageOf): void;
  /** What to try next after an error's message (stderr only; never in the JSON). */
  hint?(error: ShareError): string | undefined;
}

/** Declares a command (the identity, with the types of its operation checked). */
export function defineCommand<O extends Operation>(command: Command<O>): Command<O> {
  return command;
}

/** The common flags besides --help (tools/commands/common-flags.ts). */
export type CommonFlagName = "by" | "config" | "json";

/** What a command without an operation runs with: where to print, the environment. */
export interface LocalContext {
  io: CommandIo;
  env: NodeJS.ProcessEnv;
}

/**
 * An entry of the command table that runs no operation of lib/ops: a local server (`edge`), or work on
 * this machine's files and keys (`keys generate`, `sign`, `files put`, `keys:init`, `rotate-keys`).
 * Help, flag parsing, the common flags, errors and exit codes come from the table as for every
 * command; `run` does the rest and returns the exit code (0 when it returns nothing).
 */
export interface LocalCommand {
  name: string;
  summary: string;
  usage: string;
  description?: string;
  arguments: readonly Argument[];
  flags: readonly Flag[];
  examples: readonly string[];
  /** The common flags it takes besides --help (default: every one). */
  common?: readonly CommonFlagName[];
  /** The kinds it may end with, besides bad-input and internal (the exit codes of its --help). */
  errors: readonly ErrorKind[];
  /** Exit codes it gives besides those of its errors' kinds, with what they mean. */
  exitCodes?: Readonly<Record<number, string>>;
  operation?: undefined;
  /**
   * The operation its `run` calls through runOperation, when it is that operation's door with a form
   * of its own (rotate-keys: keys.rotate, with its confirmation, step lines and documented --json).
   */
  runs?: AnyOperation;
  /** What to try next after an error's message (stderr only). */
  hint?(error: ShareError): string | undefined;
  /** Loaded when it runs (its modules stay out of other commands' start-up). */
  run(line: CommandLine, context: LocalContext): Promise<number | void>;
}

/** Any entry of the command table. */
export type AnyCommand = Command | LocalCommand;

/** Declares a command without an operation. */
export function defineLocalCommand(command: LocalCommand): LocalCommand {
  return command;
}

export function isLocalCommand(command: AnyCommand): command is LocalCommand {
  return command.operation === undefined;
}
