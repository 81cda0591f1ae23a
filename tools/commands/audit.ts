// `signed-share audit`: the audit trail on the command line, as the Audit page shows it (docs/audit.md).
import { auditCsvHeader, auditCsvLine } from "../../lib/audit/audit-csv.js";
import type { AuditEvent } from "../../lib/audit/audit-entry.js";
import { formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import { UsageError } from "../cli.js";
import { defineCommand } from "./command.js";

export const auditCommand = defineCommand({
  name: "audit",
  usage: "audit [--since WHEN] [--until WHEN] [--client CLIENT] [--user NAME] [--action ACTION] [--limit N] [--cursor C] [--json | --csv]",
  summary: "Export the audit trail: every change and sign-in, with who, when, from where and the outcome",
  description:
    "Prints every matching event, newest first, a page at a time (with --limit, one page and the cursor of the next on stderr). " +
    "--json prints the API's document ({events, next}); --csv prints RFC 4180 lines (at, event, operation, actor, role, via, from, outcome, client, details as JSON).",
  arguments: [],
  flags: [
    { name: "since", type: "string", value: "WHEN", help: "from this instant: ISO 8601, epoch seconds, or a duration back from now (7d)" },
    { name: "until", type: "string", value: "WHEN", help: "up to this instant (same forms)" },
    { name: "client", type: "string", value: "CLIENT", help: "only events about this client" },
    { name: "user", type: "string", value: "NAME", help: "only what this user, token (token:NAME) or CLI user (cli:NAME) did" },
    { name: "action", type: "string", value: "ACTION", help: "an event name (link-revoked) or a prefix ending in * (user-*)" },
    { name: "limit", type: "string", value: "N", help: "one page of N events (at most 500), then the cursor of the next page on stderr" },
    { name: "cursor", type: "string", value: "C", help: "the page after this cursor (printed by the previous page)" },
    { name: "csv", type: "boolean", field: false, help: "CSV instead of a table" },
  ],
  examples: ["signed-share audit --since 7d", "signed-share audit --client acme-corp --csv > acme-audit.csv", "signed-share audit --action 'user-*' --json | jq -r '.events[] | [.at, .actor.name, .event] | @tsv'"],
  operation: ops.audit.list,
  pages: { items: "events" },
  input(line, input) {
    if (line.values.csv && line.values.json) throw new UsageError("--csv and --json do not go together");
    return input;
  },
  print(result, io, line, page) {
    const events = result.events as AuditEvent[];
    if (line.values.csv) {
      if (page?.first !== false) io.stdout.write(auditCsvHeader());
      for (const event of events) io.stdout.write(auditCsvLine(event));
    } else {
      if (page?.first !== false && events.length === 0 && !result.next) io.stderr.write("no events match\n");
      for (const event of events) {
        const client = event.client ? ` [${event.client}]` : "";
        const details = Object.entries(event.details)
          .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(",") : String(value)}`)
          .join(" ");
        io.stdout.write(`${formatUtc(new Date(event.at))}  ${event.actor.name} (${event.actor.via}${event.from ? ` ${event.from}` : ""})  ${event.event}${client}  ${event.outcome}${details ? `  ${details}` : ""}\n`);
      }
    }
    if (result.next && page === undefined) io.stderr.write(`more: signed-share audit --cursor ${result.next} (with the same filters)\n`);
  },
});

export const AUDIT_COMMANDS = [auditCommand] as const;
