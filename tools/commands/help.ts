import { EXIT_CODE, EXIT_CODE_MEANINGS, type ErrorKind } from "../../lib/errors.js";
import type { Command, Flag } from "./command.js";
import { COMMON_FLAGS } from "./common-flags.js";
import { COMMANDS } from "./table.js";

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
export function exitCodeLines(entries: readonly Command[]): string {
  const kinds: ErrorKind[] = ["bad-input", "internal", ...entries.flatMap((entry) => entry.operation.errors)];
  const codes = [0, ...new Set(kinds.map((kind) => EXIT_CODE[kind]))].sort() as (keyof typeof EXIT_CODE_MEANINGS)[];
  return `Exit codes:\n${codes.map((code) => `  ${code}  ${wrap(EXIT_CODE_MEANINGS[code], 5, 5)}`).join("\n")}`;
}

/** `signed-share NAME --help`: synopses, what it does, every flag (the common ones last), examples, exit codes. */
export function commandHelp(name: string): string {
  const entries = COMMANDS.filter((command) => command.name === name);
  const flags = [...new Map(entries.flatMap((entry) => entry.flags).map((flag) => [flag.name, flag])).values()];
  const usage = entries.map((entry, i) => `${i === 0 ? "Usage: " : "       "}signed-share ${entry.usage} [--json]`).join("\n");
  const heads = new Set<string>();
  const about = entries
    .flatMap((entry) => {
      const head = entry.usage.replace(/ \[.*$/, "");
      if (heads.has(head)) return [];
      heads.add(head);
      const text = entry.description ?? `${(entry.summary ?? entry.operation.summary).replace(/\.$/, "")}.`;
      return [wrap(entries.length > 1 ? `${head}: ${text}` : text, 0)];
    })
    .join("\n\n");
  const examples = entries.flatMap((entry) => entry.examples);
  return [
    usage,
    about,
    `Options:\n${flagLines([...flags, ...COMMON_FLAGS])}`,
    ...(examples.length > 0 ? [`Examples:\n${examples.map((example) => `  ${example}`).join("\n")}`] : []),
    `Configuration: the environment and the stack outputs file, as every command reads them (docs/configuration.md);\nwithout SHARE_BUCKET, local mode's data directory (SHARE_DATA_DIR, default ./data).`,
    exitCodeLines(entries),
  ].join("\n\n") + "\n";
}

/** `signed-share links --help`: the group's commands, one line each. */
export function groupHelp(group: string): string {
  const names = [...new Set(COMMANDS.filter((command) => command.name.startsWith(`${group} `)).map((command) => command.name))];
  const width = Math.max(...names.map((name) => name.length));
  const lines = names.map((name) => {
    const first = COMMANDS.find((command) => command.name === name)!;
    return `  ${name.padEnd(width)}  ${wrap((first.summary ?? first.operation.summary).replace(/\.$/, ""), width + 4, width + 4)}`;
  });
  return `Usage: signed-share ${group} <command> [options]    (signed-share ${group} <command> --help for its options)\n\nCommands:\n${lines.join("\n")}\n`;
}
