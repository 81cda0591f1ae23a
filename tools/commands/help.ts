import { EXIT_CODE, EXIT_CODE_MEANINGS, type ErrorKind } from "../../lib/errors.js";
import type { AnyCommand, Flag } from "./command.js";
import { commonFlagsOf } from "./common-flags.js";
import { COMMANDS, HELP_TOPICS } from "./table.js";

const WIDTH = 100;

/** Words wrapped to the help's width, every line after the first indented by `indent`. */
function wrap(text: string, indent: number, first = 0): string {
  const lines: string[] = [];
  let line = "";
  let room = WIDTH - first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

function flagLabel(flag: Flag): string {
  const value = flag.type === "boolean" ? "" : ` ${flag.value ?? "VALUE"}`;
  return `${flag.short ? `-${flag.short}, ` : ""}--${flag.name}${value}`;
}

function flagLines(flags: readonly Flag[]): string {
  const width = Math.max(...flags.map((flag) => flagLabel(flag).length)) + 2;
  const repeatable = (flag: Flag) => (flag.type === "strings" && !/\brepeat\b/.test(flag.help) ? " (repeatable)" : "");
  return flags.map((flag) => `  ${flagLabel(flag).padEnd(width)}${wrap(flag.help + repeatable(flag), width + 2, width + 2)}`).join("\n");
}

/** The exit codes the entries' operations can end with, with what each means. */
export function exitCodeLines(entries: readonly AnyCommand[]): string {
  const kinds: ErrorKind[] = ["bad-input", "internal", ...entries.flatMap((entry) => (entry.operation ? entry.operation.errors : entry.errors))];
  const own: Record<number, string> = Object.assign({}, ...entries.map((entry) => (entry.operation ? {} : (entry.exitCodes ?? {}))));
  const codes = [...new Set([0, ...kinds.map((kind) => EXIT_CODE[kind]), ...Object.keys(own).map(Number)])].sort();
  const meaning = (code: number) => own[code] ?? EXIT_CODE_MEANINGS[code as keyof typeof EXIT_CODE_MEANINGS];
  return `Exit codes:\n${codes.map((code) => `  ${code}  ${wrap(meaning(code), 5, 5)}`).join("\n")}`;
}

/** The one-line summary of an entry. */
export function summaryOf(entry: AnyCommand): string {
  return entry.summary ?? entry.operation!.summary;
}

/** `signed-share NAME --help`: synopses, what it does, every flag (the common ones last), examples, exit codes. */
export function commandHelp(name: string): string {
  const entries = COMMANDS.filter((command) => command.name === name);
  const flags = [...new Map(entries.flatMap((entry) => entry.flags).map((flag) => [flag.name, flag])).values()];
  const common = commonFlagsOf(entries[0]!);
  const takesJson = common.some((flag) => flag.name === "json");
  const usage = entries.map((entry, i) => `${i === 0 ? "Usage: " : "       "}signed-share ${entry.usage}${takesJson && !entry.usage.includes("--json") ? " [--json]" : ""}`).join("\n");
  const heads = new Set<string>();
  const about = entries
    .flatMap((entry) => {
      const head = entry.usage.replace(/ \[.*$/, "");
      if (heads.has(head)) return [];
      heads.add(head);
      const text = entry.description ?? `${summaryOf(entry).replace(/\.$/, "")}.`;
      return [(entries.length > 1 ? `${head}: ${text}` : text).split("\n\n").map((paragraph) => wrap(paragraph, 0)).join("\n\n")];
    })
    .join("\n\n");
  const examples = entries.flatMap((entry) => entry.examples);
  return [
    usage,
    about,
    `Options:\n${flagLines([...flags, ...common])}`,
    ...(examples.length > 0 ? [`Examples:\n${examples.map((example) => `  ${example}`).join("\n")}`] : []),
    ...(common.some((flag) => flag.name === "config") && !entries.some((entry) => entry.description?.includes("Configuration:"))
      ? [`Configuration: the environment and the stack outputs file, as every command reads them (docs/configuration.md);\nwithout SHARE_BUCKET, local mode's data directory (SHARE_DATA_DIR, default ./data).`]
      : []),
    exitCodeLines(entries),
    `Also runs as: npm run ${scriptOf(name)} [arguments] (npm adds its own lines to stdout: scripts use signed-share ${name})`,
  ].join("\n\n") + "\n";
}

/**
 * The table's part of `signed-share --help`: every first word in the table's order, a group with what
 * it is about and its commands ("links: list, show, ..."), a command with its summary.
 */
export function tableTopics(): [word: string, line: string][] {
  const words = [...new Set(COMMANDS.map((command) => command.name.split(" ")[0]!))];
  return words.map((word) => {
    const about = HELP_TOPICS[word];
    const group = [...new Set(COMMANDS.filter((command) => command.name.startsWith(`${word} `)).map((command) => command.name.split(" ")[1]!))];
    if (group.length > 0) return [word, `${about ?? word}: ${group.join(", ")}`];
    const summary = summaryOf(COMMANDS.find((command) => command.name === word)!);
    return [word, about ?? summary.replace(/^[A-Z](?=[a-z])/, (first) => first.toLowerCase())];
  });
}

/** `signed-share links --help`: the group's commands, one line each. */
export function groupHelp(group: string): string {
  const names = [...new Set(COMMANDS.filter((command) => command.name.startsWith(`${group} `)).map((command) => command.name))];
  const width = Math.max(...names.map((name) => name.length));
  const lines = names.map((name) => {
    const first = COMMANDS.find((command) => command.name === name)!;
    return `  ${name.padEnd(width)}  ${wrap(summaryOf(first).replace(/\.$/, ""), width + 4, width + 4)}`;
  });
  return `Usage: signed-share ${group} <command> [options]    (signed-share ${group} <command> --help for its options)\n\nCommands:\n${lines.join("\n")}\n`;
}

/** The npm script of a command: its first word ("files put" runs as npm run files -- put). */
function scriptOf(name: string): string {
  const [word, ...rest] = name.split(" ");
  return `${word} -- ${rest.join(" ")}`.trimEnd();
}
