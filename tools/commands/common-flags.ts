import type { Flag } from "./command.js";

/** The flags every command of the table takes, defined once. */
export const COMMON_FLAGS: readonly Flag[] = [
  { name: "by", type: "string", value: "NAME", help: "who does it, for the records and the audit trail (default cli:$USER)", field: false },
  { name: "config", type: "string", value: "FILE", help: "stack outputs (pulumi stack output --json); default SHARE_CONFIG", field: false },
  { name: "json", type: "boolean", help: "print the result as one JSON document and nothing else on stdout: the JSON API's response body (errors too: {\"error\": {...}})", field: false },
  { name: "help", short: "h", type: "boolean", help: "this text", field: false },
];
