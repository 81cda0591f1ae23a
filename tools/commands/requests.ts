// File requests on the command line (docs/requests.md): requests new / ls / show / close. Revoking one
// is links revoke ID, like any link.
import { NotFoundError, type ShareError } from "../../lib/errors.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import { printTable } from "../table.js";
import { defineCommand, type CommandIo } from "./command.js";

const REQUESTS_HINT = "see them with: signed-share requests ls";
const CLIENTS_HINT = "see the client folders with: signed-share issue --list-clients";

const hint = (error: ShareError) => (error instanceof NotFoundError && error.what === "link" ? REQUESTS_HINT : error instanceof NotFoundError && error.what === "client" ? CLIENTS_HINT : undefined);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function limits(r: { maxFileSize: number; maxTotal?: number | undefined; maxFiles?: number | undefined }): string {
  return [`files up to ${formatBytes(r.maxFileSize)}`, ...(r.maxTotal !== undefined ? [`${formatBytes(r.maxTotal)} in all`] : []), ...(r.maxFiles !== undefined ? [`at most ${plural(r.maxFiles, "file")}`] : [])].join(", ");
}

export const newRequestCommand = defineCommand({
  name: "requests new",
  summary: "create a file request: a link where a client sends you files",
  usage: "requests new CLIENT --expires WHEN [--max-file-size SIZE] [--max-total SIZE] [--max-files N] [--note TEXT] [--to ADDRESS]... [--email]",
  description:
    "Prints the link to a page where the client sends files and folders. It is signed like every other link (same key group, l=<request id>), so the edge guard, the revocation list, expiry and key rotation apply to it; revoke one with signed-share links revoke REQUEST_ID.\n" +
    "What arrives lands under received/<request id>/ in the client's folder once accepted (scanned clean when scanning is on) and is shared with nobody until you issue a link that names it. " +
    "With --email or --to the link is also sent by e-mail, checked before the request exists; if the mail server then refuses, the request exists: its URL is printed, and the exit code is 5.",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [
    { name: "expires", type: "string", value: "WHEN", help: "until when it takes files: 7d, 12h, or a date (2030-01-31, ISO 8601)" },
    { name: "max-file-size", type: "string", value: "SIZE", help: "largest file (500MB, 2GB; default and at most SHARE_MAX_FILE_SIZE)" },
    { name: "max-total", type: "string", value: "SIZE", help: "total size of every file it takes" },
    { name: "max-files", type: "string", value: "N", help: "number of files it takes" },
    { name: "note", type: "string", value: "TEXT", help: "your words on the upload page" },
    { name: "to", type: "strings", value: "ADDRESS", help: "send the link by e-mail to ADDRESS; repeat for more (at most 50)" },
    { name: "email", type: "boolean", field: "contacts", help: "send the link by e-mail to the client's contact addresses (signed-share files profile CLIENT --contact ...)" },
    { name: "message", type: "string", value: "TEXT", help: "the words above the link in the e-mail (default: a short greeting); plain text with no web or e-mail address" },
    { name: "reply-to", type: "string", value: "ADDRESS", help: "where the recipients' replies go (default: none)" },
  ],
  examples: ["signed-share requests new acme-corp --expires 7d --max-file-size 2GB --note 'The signed contract, please'", "signed-share requests new acme-corp --expires 7d --json | jq -r .url"],
  operation: ops.requests.create,
  hint,
  print(result, io) {
    const r = result.request;
    io.stderr.write(`file request ${r.requestId} for ${r.client}: ${limits(r)}; takes files until ${formatUtc(new Date(r.expiresAt))}\n`);
    io.stdout.write(`${result.url}\n`);
    if (result.delivery?.status === "sent") io.stderr.write(`sent to ${result.delivery.to.join(", ")} through ${result.delivery.via}\n`);
  },
});

export const listRequestsCommand = defineCommand({
  name: "requests ls",
  usage: "requests ls [CLIENT] [--status STATUS]",
  description: "Every file request (of one client when given), newest first: status (open, closed, revoked, expired), files and bytes received.",
  arguments: [{ name: "CLIENT", field: "client", optional: true }],
  flags: [{ name: "status", type: "string", value: "STATUS", help: "only requests with this status now: open, closed, revoked or expired" }],
  examples: ["signed-share requests ls acme-corp", "signed-share requests ls --status open --json | jq -r '.requests[] | [.requestId, .client, .files] | @tsv'"],
  operation: ops.requests.list,
  hint,
  print(result, io, line) {
    const client = line.positionals[0];
    if (result.requests.length === 0) {
      io.stderr.write(`no file requests${client !== undefined ? ` for ${client}` : ""} yet\n`);
      return;
    }
    printTable(
      `${plural(result.requests.length, "file request")}${client !== undefined ? ` for ${client}` : ""}`,
      result.requests.map((r) => ({
        "request id": r.requestId,
        client: r.client,
        status: r.status,
        created: formatUtc(new Date(r.issuedAt)),
        expires: formatUtc(new Date(r.expiresAt)),
        received: `${plural(r.files, "file")}, ${formatBytes(r.bytes)}`,
        by: r.issuedBy,
      })),
      io.stdout,
    );
  },
});

export const showRequestCommand = defineCommand({
  name: "requests show",
  usage: "requests show REQUEST_ID",
  description: "The request (status, limits, link) and the files it received, in order, with their SHA-256 as the client's browser computed it.",
  arguments: [{ name: "REQUEST_ID", field: "requestId" }],
  flags: [],
  examples: ["signed-share requests show q7B0oGd1Sm2yTzP4hJ8c0A --json | jq -r '.received[] | [.path, .size, .sha256] | @tsv'"],
  operation: ops.requests.get,
  hint,
  print(result, io) {
    printRequest(result.request, io);
    if (result.received.length === 0) io.stdout.write("nothing received yet\n");
    else
      printTable(
        "Received",
        result.received.map((f) => ({ "#": f.seq, file: f.path, size: formatBytes(f.size), arrived: formatUtc(new Date(f.receivedAt)), state: f.state === "held" ? `held (${f.verdict ?? "scan failed"})` : f.state, "SHA-256 (client)": f.sha256 ?? "" })),
        io.stdout,
      );
  },
});

export const closeRequestCommand = defineCommand({
  name: "requests close",
  usage: "requests close REQUEST_ID",
  description: "No more uploads: the edge refuses its link from now on (like revoking it); what arrived stays. Closing again is safe.",
  arguments: [{ name: "REQUEST_ID", field: "requestId" }],
  flags: [],
  examples: ["signed-share requests close q7B0oGd1Sm2yTzP4hJ8c0A"],
  operation: ops.requests.close,
  hint,
  print(result, io) {
    const edge = result.edge ? `; the edge refuses it ${result.edge.takesEffect}` : "; no revocation list is configured, so only the upload API refuses it";
    io.stdout.write(`${result.alreadyClosed ? "already closed" : "closed"} ${result.requestId} (client ${result.client}): its link takes no more files${edge}\n`);
  },
});

function printRequest(r: { requestId: string; client: string; status: string; url: string; expiresAt: string; issuedBy: string; maxFileSize: number; maxTotal?: number | undefined; maxFiles?: number | undefined; files: number; bytes: number }, io: CommandIo) {
  io.stderr.write(`file request ${r.requestId} for ${r.client}: ${r.status}, ${limits(r)}, until ${formatUtc(new Date(r.expiresAt))}, by ${r.issuedBy}; received ${plural(r.files, "file")}, ${formatBytes(r.bytes)}\n`);
  io.stdout.write(`${r.url}\n`);
}

export const REQUEST_COMMANDS = [newRequestCommand, listRequestsCommand, showRequestCommand, closeRequestCommand] as const;
