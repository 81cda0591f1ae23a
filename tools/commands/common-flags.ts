import type { Flag } from "./command.js";

/** The flags every command of the table takes, defined once. */
export const COMMON_FLAGS: readonly Flag[] = [
  { name: "by", type: "string", value: "NAME", help: "who does it, for the records and the audit trail (default cli:$USER)", field: false },
  { name: "config", type: "string", value: "FILE", help: "stack outputs (pulumi stack output --json); default SHARE_CONFIG", field: false },
  { name: "json", type: "boolean", help: "print the result as one JSON document and nothing else on stdout: the JSON API's response body (errors too: {\"error\": {...}})", field: false },
  { name: "help", short: "h", type: "boolean", help: "this text", field: false },
];

/** The common flags an entry takes: every one for an operation's command, those it names for a local one. */
export function commonFlagsOf(entry: { operation?: unknown; common?: readonly string[] }): readonly Flag[] {
  if (entry.operation !== undefined) return COMMON_FLAGS;
  // A local command prints its own document: no API body to be equal to.
  const local = COMMON_FLAGS.map((flag) => (flag.name === "json" ? { ...flag, help: "print the result as one JSON document and nothing else on stdout (errors too: {\"error\": {...}})" } : flag));
  return entry.common === undefined ? local : local.filter((flag) => flag.name === "help" || entry.common!.includes(flag.name));
}
