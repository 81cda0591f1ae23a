// The files and clients families on the command line: files new / ls / rm / scan, files profile.
// (files put, which reads local files, is tools/files.ts: the API's door for uploads is the uploads family.)
import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import { printTable } from "../table.js";
import { defineCommand, type CommandIo, type CommandLine, type Flag } from "./command.js";

/** A word the shell takes as it is, quoted otherwise. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** The profile's flags: each sets one field of clients.updateProfile (a new field is one more line here). */
const PROFILE_FLAGS: readonly Flag[] = [
  { name: "name", type: "string", value: "TEXT", field: "displayName", help: 'the display name people see instead of the folder name ("" clears it)' },
  { name: "contact", type: "strings", value: "ADDRESS", field: "contacts", help: 'the client\'s e-mail address, where issue --email sends links; repeat for more; replaces the list (--contact "" clears it)' },
  { name: "language", type: "string", value: "LANG", field: "language", help: 'the language of the e-mails and pages the client sees: en, de, fr or es ("" clears it: English)' },
  { name: "time-zone", type: "string", value: "ZONE", field: "timeZone", help: 'the client\'s time zone for the dates they see, like Europe/Berlin; UTC stays beside it ("" clears it: UTC only)' },
  { name: "archive", type: "boolean", field: false, help: "archive the client: it leaves the portal's client list, its files and links stay" },
  { name: "unarchive", type: "boolean", field: false, help: "bring an archived client back to the list" },
];

const changes = (line: CommandLine) => PROFILE_FLAGS.some((flag) => line.values[flag.name] !== undefined);

type Profile = { client: string; displayName?: string | undefined; contacts: string[]; language?: string | undefined; timeZone?: string | undefined; archived: boolean; updatedAt?: string | undefined; updatedBy?: string | undefined };

function printProfile(profile: Profile, io: CommandIo): void {
  io.stdout.write(
    `client    ${profile.client}\nname      ${profile.displayName ?? "(none)"}\ncontacts  ${profile.contacts.length > 0 ? profile.contacts.join(", ") : "(none)"}\nlanguage  ${profile.language ?? "en (default)"}\ntime zone ${profile.timeZone ?? "UTC (default)"}\narchived  ${profile.archived ? "yes" : "no"}\n` +
      (profile.updatedAt ? `changed   ${profile.updatedAt} by ${profile.updatedBy}\n` : ""),
  );
}

export const updateProfileCommand = defineCommand({
  name: "files profile",
  usage: "files profile CLIENT [--name TEXT] [--contact ADDRESS]... [--language LANG] [--time-zone ZONE] [--archive | --unarchive]",
  summary: "show or change a client's profile: display name, contact addresses, language, time zone, archived",
  description: "Without a change it shows the profile; each flag given changes that field and leaves the others. The portal's client page (Edit) sets the same fields.",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: PROFILE_FLAGS,
  examples: ['signed-share files profile acme-corp --name "ACME Corp." --contact buyer@acme.example --contact ops@acme.example', "signed-share files profile acme-corp --language de --time-zone Europe/Berlin", "signed-share files profile acme-corp --json | jq -r '.client.contacts[]'"],
  operation: ops.clients.updateProfile,
  when: changes,
  input(line, input) {
    if (line.values.archive && line.values.unarchive) throw new InvalidRequestError("give --archive or --unarchive, not both", { field: "archived" });
    const contacts = line.values.contact;
    return {
      ...input,
      ...(Array.isArray(contacts) ? { contacts: contacts.filter((c) => c.trim() !== "") } : {}),
      ...(line.values.archive ? { archived: true } : line.values.unarchive ? { archived: false } : {}),
    };
  },
  print: (result, io) => printProfile(result.client, io),
});

export const showProfileCommand = defineCommand({
  name: "files profile",
  usage: "files profile CLIENT",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [],
  examples: [],
  operation: ops.clients.profile,
  print: (result, io) => printProfile(result.client, io),
});

export const newClientCommand = defineCommand({
  name: "files new",
  usage: 'files new CLIENT [--name "Display name"] [--contact ADDRESS]...',
  summary: "create an empty client: a folder, plus a profile (display name, contact addresses)",
  description:
    "Client names follow the name rule (docs/files.md#names) and do not start with _ or .; a name that is taken is refused (exit 1). The portal's New client page does the same.",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [
    { name: "name", type: "string", value: "TEXT", field: "displayName", help: "the display name people see instead of the folder name" },
    { name: "contact", type: "strings", value: "ADDRESS", field: "contacts", help: "the client's e-mail address, where issue --email sends links; repeat for more" },
  ],
  examples: ['signed-share files new acme-corp --name "ACME Corp." --contact buyer@acme.example'],
  operation: ops.files.createClient,
  print(result, io) {
    io.stderr.write(`created client ${result.client.client}; upload files with: signed-share files put ${shellWord(result.client.client)} PATH...\n`);
  },
});

export const listFilesCommand = defineCommand({
  name: "files ls",
  usage: "files ls CLIENT [--limit N [--cursor C]]",
  summary: "the client's files (not the published pages), each with its malware scan",
  description: "Each file with its size, last change and malware scan: clean, infected, pending (not scanned yet), error or off (SHARE_SCANNER unset; docs/scanning.md).",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [
    { name: "limit", type: "string", value: "N", help: "one page of at most N files (1 to 1000) in key order; --json then carries next when more follow" },
    { name: "cursor", type: "string", value: "C", help: "the page after the one whose next was C (with --limit)" },
  ],
  examples: ["signed-share files ls acme-corp", "signed-share files ls acme-corp --json | jq -r '.files[] | select(.scan != \"clean\") | .path'", "signed-share files ls acme-corp --limit 100 --json | jq -r .next"],
  operation: ops.files.list,
  print(result, io, line) {
    if (result.next !== undefined) io.stderr.write(`more files: signed-share files ls ${result.client} --limit ${String(line.values.limit)} --cursor ${result.next}\n`);
    if (result.files.length === 0) io.stderr.write(`${result.client} has no files yet\n`);
    else {
      printTable(
        `${result.files.length} file${result.files.length === 1 ? "" : "s"} of ${result.client}`,
        result.files.map((f) => ({ path: f.path, size: formatBytes(f.size), modified: formatUtc(new Date(f.lastModified)), scan: f.scanDetail ? `${f.scan} (${f.scanDetail})` : f.scan })),
        io.stdout,
      );
      if (result.files.some((f) => f.scan === "off")) io.stderr.write("malware scanning is off: SHARE_SCANNER is not set (docs/scanning.md)\n");
    }
  },
});

export const deleteFilesCommand = defineCommand({
  name: "files rm",
  usage: "files rm CLIENT PATH [--recursive]",
  summary: "delete one file of a client; with --recursive, a folder and everything in it",
  description: "PATH is inside the client folder, as files ls prints it; a stored file whose name breaks the name rule can be deleted too.",
  arguments: [
    { name: "CLIENT", field: "client" },
    { name: "PATH", field: "path" },
  ],
  flags: [{ name: "recursive", short: "r", type: "boolean", field: "folder", help: "PATH is a folder: delete it and everything in it" }],
  examples: ['signed-share files rm acme-corp "2026/march/report.pdf"', "signed-share files rm acme-corp 2026 --recursive"],
  operation: ops.files.delete,
  hint: (error) => (error instanceof NotFoundError && error.what === "file" ? "see the files with: signed-share files ls CLIENT" : undefined),
  print(result, io, line) {
    const path = line.positionals[1] ?? "";
    io.stderr.write(`deleted ${result.deleted.length === 1 && !line.values.recursive ? result.deleted[0] : `${result.deleted.length} files under ${path}/`} from ${result.client}\n`);
  },
});

export const scanFilesCommand = defineCommand({
  name: "files scan",
  usage: "files scan CLIENT | --all [--rescan]",
  summary: "malware-scan the client's files that have no verdict yet (--all: every client's)",
  description:
    "Scans the files stored before scanning was on, or whose scan failed; --rescan: files already scanned too. With clamd the scans finish here; with GuardDuty each is an on-demand request whose verdict arrives later (run files ls to see it). Progress goes to stderr. Exit 1 when a file is infected or could not be scanned; scanning off (SHARE_SCANNER unset) is exit 2.",
  arguments: [{ name: "CLIENT", field: "client", optional: true }],
  flags: [
    { name: "all", type: "boolean", help: "every client" },
    { name: "rescan", type: "boolean", help: "files already scanned too (after a signature update, say)" },
  ],
  examples: ["signed-share files scan acme-corp", "signed-share files scan --all --rescan"],
  operation: ops.files.scan,
  print(result, io) {
    printTable(
      `Malware scan (${result.scanner})`,
      result.clients.map((r) => ({ client: r.client, files: r.files, scanned: r.scanned, clean: r.statuses.clean ?? 0, pending: r.statuses.pending ?? 0, infected: r.statuses.infected ?? 0, error: r.statuses.error ?? 0 })),
      io.stdout,
    );
    for (const r of result.clients) for (const f of r.notClean.filter((file) => file.scan === "infected" || file.scan === "error")) io.stderr.write(`${f.scan}: ${r.client}/${f.path}${f.scanDetail ? ` (${f.scanDetail})` : ""}\n`);
    if (result.scanner === "guardduty" && result.clients.some((r) => (r.statuses.pending ?? 0) > 0)) {
      io.stderr.write("GuardDuty tags each file when its scan is done; see the verdicts with: signed-share files ls CLIENT\n");
    }
  },
});

export const FILE_COMMANDS = [newClientCommand, listFilesCommand, deleteFilesCommand, scanFilesCommand, updateProfileCommand, showProfileCommand];
