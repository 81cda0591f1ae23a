// The links family on the command line: issue, links list/show/send/revoke/renew/prune/activity.
import { NotFoundError, type ShareError } from "../../lib/errors.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import { printTable } from "../table.js";
import { defineCommand, type CommandIo, type CommandLine, type Flag } from "./command.js";

const LINKS_HINT = "see the issued links with: signed-share links list";
const CLIENTS_HINT = "see the client folders with: signed-share issue --list-clients";

const flag = {
  expires: { name: "expires", type: "string", value: "WHEN", help: "7d, 12h, 2030-01-01T00:00:00Z or epoch seconds; at most SHARE_MAX_EXPIRY from now (default 366d)" },
  notBefore: { name: "not-before", type: "string", value: "WHEN", help: "the links work only from this instant (same forms)" },
  ip: { name: "ip", type: "string", value: "CIDR", help: "only viewers from this IPv4 address or range (e.g. 203.0.113.0/24); refused when the stack serves IPv6 (stack output ipv6Enabled / SHARE_IPV6)" },
  mode: { name: "mode", type: "string", value: "MODE", help: "per-file (default: one signature per file) or folder (one wildcard signature for the client's folder, which also covers files added later)" },
  hashAlgorithm: { name: "hash-algorithm", type: "string", value: "ALG", help: "SHA1 or SHA256 (default: SHARE_HASH_ALGORITHM, else SHA1)" },
  to: { name: "to", type: "strings", value: "ADDRESS", help: "send the link by e-mail to ADDRESS; repeat for more (at most 50)" },
  email: { name: "email", type: "boolean", field: "contacts", help: "send the link by e-mail to the client's contact addresses (signed-share files profile CLIENT --contact ...)" },
  message: {
    name: "message",
    type: "string",
    value: "TEXT",
    help:
      'the words above the link in the e-mail (default: a short greeting); plain text with no web or e-mail address: mail programs turn "example.com", "www.x" and "name@host" into links, and the link to the files must be the only one. Addresses on SHARE_MAIL_OWN_DOMAINS (default: the domain of SHARE_MAIL_FROM) may stay. Checked before the link is issued',
  },
  replyTo: { name: "reply-to", type: "string", value: "ADDRESS", help: "where the recipients' replies go (default: none)" },
  senderName: {
    name: "sender-name",
    type: "string",
    value: "NAME",
    field: "senderName",
    help: 'your name as the client sees it ("Jane Doe"); default: the one saved for --by on the portal\'s E-mail page, else PORTAL_SENDER_NAME. Never a login name: sending without one is refused and says what to set',
  },
  client: { name: "client", type: "string", value: "CLIENT", help: "the link's client, when known: one read instead of a search" },
  label: { name: "label", type: "string", value: "TEXT", help: 'the link\'s label, shown in lists and found by links list --search: one line of at most 120 characters ("March invoices for Jane")' },
  recipient: { name: "recipient", type: "strings", value: "WHO", field: "recipients", help: "who the link is for (an address or a name), without sending it; repeat for more. Sending (--to) adds the addresses by itself" },
} satisfies Record<string, Flag>;

/** --hash-algorithm accepts sha256 and SHA-256 too. */
const hashInput = (line: CommandLine, input: Record<string, unknown>) => {
  const given = line.values["hash-algorithm"];
  return typeof given === "string" ? { ...input, hashAlgorithm: given.toUpperCase().replace("-", "") } : input;
};

const notFoundHint = (error: ShareError) => (error instanceof NotFoundError && error.what === "link" ? LINKS_HINT : error instanceof NotFoundError && error.what === "client" ? CLIENTS_HINT : undefined);

/** What happens to the link's file URLs now. */
function edgeSentence(edge: { listed: boolean; takesEffect: string; pruned: number } | null, expiresAt: string): string {
  if (!edge) return `edge: no revocation list configured (SHARE_REVOCATION_STORE_ARN), so its file URLs keep working until ${formatUtc(new Date(expiresAt))}`;
  const pruned = edge.pruned ? ` (${edge.pruned} expired id${edge.pruned === 1 ? "" : "s"} pruned)` : "";
  if (!edge.listed) return `edge: the link expired at ${formatUtc(new Date(expiresAt))}; its URLs are refused already${pruned}`;
  return `edge: every URL of the link (page and files) is refused ${edge.takesEffect}${pruned}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const issueCommand = defineCommand({
  name: "issue",
  usage: "issue CLIENT --expires WHEN [--label TEXT] [--mode MODE] [--only PATH]... [--not-before WHEN] [--ip CIDR] [--email] [--to ADDRESS]...",
  description:
    "Publishes an index page of a client's files and prints its signed URL: the one link to send. Every file link on the page, and the page itself, expires at the same moment.\n" +
    "With --email or --to the link is also sent by e-mail (docs/delivery.md); recipients, message and transport are checked before anything is issued. If the mail server then refuses, the link exists: its URL is printed, and the exit code is 5.",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [
    flag.expires,
    flag.label,
    flag.recipient,
    flag.mode,
    {
      name: "only",
      type: "strings",
      value: "PATH",
      help: 'share only this sub-folder ("exports/") or file ("exports/a.csv") of the client\'s folder; repeat for more. A PATH without a trailing / is a file when one has that name, else a folder. Default: all',
    },
    flag.notBefore,
    flag.ip,
    flag.hashAlgorithm,
    flag.email,
    flag.to,
    flag.message,
    flag.replyTo,
    flag.senderName,
  ],
  examples: ["signed-share issue acme-corp --expires 7d", 'signed-share issue acme-corp --expires 7d --label "March invoices"', "signed-share issue acme-corp --expires 30d --ip 203.0.113.0/24 --not-before 1d", "signed-share issue acme-corp --expires 7d --to buyer@example.com --json | jq -r .url"],
  operation: ops.links.issue,
  when: (line) => !line.values.all && !line.values["list-clients"],
  input: hashInput,
  hint: (error) => (error instanceof NotFoundError && error.what === "path" ? "--only takes paths inside the client's folder, e.g. --only exports/" : notFoundHint(error)),
  print(result, io) {
    const link = result.link;
    const covers = link.selection ? ` of ${link.selection.map((entry) => JSON.stringify(entry)).join(", ")}` : "";
    io.stderr.write(`${link.client}${link.label ? ` (${JSON.stringify(link.label)})` : ""}: ${link.fileCount} files${covers}, ${formatBytes(link.bytes)}, ${link.mode} mode, expires ${formatUtc(new Date(link.expiresAt))} (link ${link.linkId})\n`);
    io.stdout.write(`${result.url}\n`);
    if (link.skipped) {
      const names = link.skipped.examples.map(({ key, reason }) => `${JSON.stringify(key)} (${reason})`).join(", ");
      io.stderr.write(`warning: ${link.skipped.count} file(s) left off the page because they cannot be shared as they are: ${names}${link.skipped.count > link.skipped.examples.length ? ", ..." : ""}; rename them and issue again\n`);
    }
    if (link.held) {
      const names = link.held.examples.map(({ key, reason }) => `${JSON.stringify(key)} (${reason})`).join(", ");
      io.stderr.write(
        `warning: ${link.held.count} file(s) left off the page because their malware scan does not say clean: ${names}${link.held.count > link.held.examples.length ? ", ..." : ""}; scan them (signed-share files scan ${link.client}) and issue again once they are clean\n`,
      );
    }
    if (result.warning) io.stderr.write(`warning: ${result.warning}; next time consider --mode folder\n`);
    if (result.delivery?.status === "sent") io.stderr.write(`sent to ${result.delivery.to.join(", ")} through ${result.delivery.via}\n`);
  },
});

export const issueAllCommand = defineCommand({
  name: "issue",
  usage: "issue --all --expires WHEN [--mode MODE] [--not-before WHEN] [--ip CIDR]",
  summary: "one link per client folder, on the same terms; keeps going when one fails",
  arguments: [],
  flags: [{ name: "all", type: "boolean", field: false, help: "one link per client folder; keeps going when one fails (exit 1 if any failed)" }, flag.expires, flag.mode, flag.notBefore, flag.ip, flag.hashAlgorithm],
  examples: ["signed-share issue --all --expires 14d"],
  operation: ops.links.issueAll,
  when: (line) => line.values.all === true,
  input: hashInput,
  print(result, io) {
    const rows = [
      ...result.issued.map((i) => ({ client: i.client, files: i.link.fileCount, size: formatBytes(i.link.bytes), "URL or error": i.url })),
      ...result.failed.map((f) => ({ client: f.client, files: "-", size: "-", "URL or error": `error: ${f.error.message}` })),
    ];
    printTable(`Issued ${result.issued.length} of ${rows.length} links (expire ${formatUtc(new Date(result.expiresAt))})`, rows, io.stdout);
    const skipped = result.skipped ?? [];
    if (skipped.length > 0) io.stderr.write(`note: skipped ${skipped.length} client${skipped.length === 1 ? "" : "s"} with no files to share: ${skipped.map((s) => s.client).join(", ")}\n`);
  },
});

export const listClientsCommand = defineCommand({
  name: "issue",
  usage: "issue --list-clients",
  summary: "the client folders with their file counts, sizes and active links",
  arguments: [],
  flags: [{ name: "list-clients", type: "boolean", field: false, help: "list the client folders with their file counts, sizes and active links" }],
  examples: ["signed-share issue --list-clients --json | jq -r '.clients[].client'"],
  operation: ops.clients.list,
  when: (line) => line.values["list-clients"] === true,
  print(result, io) {
    if (result.clients.length === 0) io.stderr.write("no client folders yet: create one with signed-share files new CLIENT\n");
    else printTable("Client folders", result.clients.map((c) => ({ client: c.client, files: c.countComplete ? c.fileCount : `${c.fileCount}+`, size: c.countComplete ? formatBytes(c.bytes) : `${formatBytes(c.bytes)}+`, "active links": c.activeLinks, ...(c.displayName ? { name: c.displayName } : {}) })), io.stdout);
  },
});

export const listLinksCommand = defineCommand({
  name: "links list",
  usage: "links list [CLIENT] [--search TEXT] [--status STATUS] [--limit N [--cursor C]]",
  description:
    "Every issued link, newest first (of one client when given), with its status: scheduled (its --not-before is ahead), active, expired or revoked, and its downloads and last download (from the edge's access log, docs/activity.md). " +
    "With --limit, one page read from the link index without reading every record; the next page's command is printed on stderr (--json: the document's next). " +
    "--search finds links whose id, client, label or a recipient holds the text (any case), from the link index: only the records that match are read (docs/links.md#labels-and-search).",
  arguments: [{ name: "CLIENT", field: "client", optional: true }],
  flags: [
    { name: "search", type: "string", value: "TEXT", help: "only links whose id, client, label or a recipient holds TEXT (any case)" },
    { name: "status", type: "string", value: "STATUS", help: "only links with this status now: scheduled, active, expired or revoked" },
    { name: "limit", type: "string", value: "N", help: "one page of at most N links (1 to 1000), read from the link index; --json then carries next when more follow" },
    { name: "cursor", type: "string", value: "C", help: "the page after the one whose next was C (with --limit)" },
  ],
  examples: [
    "signed-share links list",
    "signed-share links list acme-corp --json | jq -r '.links[] | [.linkId, .status, .expiresAt] | @tsv'",
    "signed-share links list --status active --limit 100 --json | jq -r .next",
    'signed-share links list --search "march invoices" --limit 20',
  ],
  operation: ops.links.list,
  hint: notFoundHint,
  print(result, io, line) {
    for (const warning of result.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
    const client = line.positionals[0];
    const more = () => {
      if (result.next === undefined) return;
      const status = typeof line.values.status === "string" ? ` --status ${line.values.status}` : "";
      const search = typeof line.values.search === "string" ? ` --search ${shellWord(line.values.search)}` : "";
      io.stderr.write(`more links: signed-share links list${client !== undefined ? ` ${shellWord(client)}` : ""}${search}${status} --limit ${String(line.values.limit)} --cursor ${result.next}\n`);
    };
    if (result.links.length === 0) {
      io.stderr.write(`no links ${line.values.cursor !== undefined ? "on this page" : `issued${client !== undefined ? ` for ${client}` : ""} yet`}\n`);
      more();
      return;
    }
    const logs = result.links.every((l) => l.downloads !== null);
    printTable(
      `${plural(result.links.length, "issued link")}${client !== undefined ? ` for ${client}` : ""}`,
      result.links.map((r) => ({
        "link id": r.linkId,
        client: r.client,
        label: r.label ?? "",
        recipients: (r.recipients ?? []).join(", "),
        status: r.status,
        edge: r.refusedAtEdge === undefined ? "no guard" : r.refusedAtEdge ? "refused" : "",
        issued: formatUtc(new Date(r.issuedAt)),
        expires: formatUtc(new Date(r.expiresAt)),
        mode: r.mode,
        files: r.fileCount,
        downloads: logs ? (r.downloads ?? 0) : "no logs",
        "last download": logs ? (r.lastDownloadAt ? formatUtc(new Date(r.lastDownloadAt)) : "never") : "no logs",
        size: formatBytes(r.bytes),
        by: r.revoked ? `${r.issuedBy}; revoked by ${r.revoked.by}` : r.issuedBy,
      })),
      io.stdout,
    );
    more();
  },
});

export const showLinkCommand = defineCommand({
  name: "links show",
  usage: "links show LINK_ID [--client CLIENT]",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [flag.client],
  examples: ["signed-share links show q7B0oGd1Sm2yTzP4hJ8c0A --json | jq .link.status"],
  operation: ops.links.get,
  hint: notFoundHint,
  print({ link }, io) {
    if (link.label) io.stderr.write(`label: ${link.label}\n`);
    if (link.recipients?.length) io.stderr.write(`recipients: ${link.recipients.join(", ")}\n`);
    io.stderr.write(`${link.client}: ${link.status}, ${link.fileCount} files, ${formatBytes(link.bytes)}, ${link.mode} mode, issued ${formatUtc(new Date(link.issuedAt))} by ${link.issuedBy}, expires ${formatUtc(new Date(link.expiresAt))}\n`);
    io.stdout.write(`${link.url}\n`);
  },
});

export const sendLinkCommand = defineCommand({
  name: "links send",
  usage: "links send LINK_ID [--to ADDRESS]... [--email] [--message TEXT] [--reply-to ADDRESS] [--sender-name NAME] [--label TEXT]",
  description: "Sends an issued link by e-mail (docs/delivery.md); the link's record notes the delivery and its recipients. If the mail server refuses, the exit code is 5 and the link still works.",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [flag.to, flag.email, flag.message, flag.replyTo, flag.senderName, flag.label, flag.client],
  examples: ["signed-share links send q7B0oGd1Sm2yTzP4hJ8c0A --to buyer@example.com"],
  operation: ops.links.send,
  hint: notFoundHint,
  print({ delivery, link }, io) {
    // A failed delivery (exit 5) is told by the error that follows; the link still works.
    if (delivery.status === "sent") io.stderr.write(`sent link ${link.linkId} (${link.client}) to ${delivery.to.join(", ")} through ${delivery.via}\n`);
  },
});

export const revokeLinkCommand = defineCommand({
  name: "links revoke",
  usage: "links revoke LINK_ID",
  description:
    "Puts the link id into the edge's revocation list, so that every URL of the link (its page and each file) is refused (docs/revocation.md): at once in local mode, within about a minute at CloudFront. " +
    "Then deletes the link's page, marks its record revoked and, when SHARE_DISTRIBUTION_ID is set, invalidates the page's path. Other links, also of the same client, keep working. " +
    "A page with no record (left by a crash) is found and deleted too. Without SHARE_REVOCATION_STORE_ARN (a stack deployed before the guard), revoke deletes the page only and the file URLs keep working until they expire.",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [],
  examples: ['LINK=$(signed-share issue globex --expires 1d --json | jq -r .link.linkId); signed-share links revoke "$LINK"'],
  operation: ops.links.revoke,
  when: (line) => line.values.client === undefined && line.values.until === undefined,
  hint: notFoundHint,
  print(result, io) {
    if (result.unrecorded || !result.link) {
      io.stdout.write(`revoked ${result.linkId} (client ${result.client}): it had no record; page deleted${result.invalidated ? ", CloudFront invalidation requested" : ""}\n`);
      return;
    }
    const cdn = result.invalidated ? "CloudFront invalidation requested" : "no SHARE_DISTRIBUTION_ID, so no CloudFront invalidation";
    io.stdout.write(`${result.alreadyRevoked ? "already revoked" : "revoked"} ${result.linkId} (client ${result.client}): page deleted, record marked, ${cdn}\n${edgeSentence(result.edge, result.link.expiresAt)}\n`);
  },
});

export const revokeManyCommand = defineCommand({
  name: "links revoke",
  usage: "links revoke LINK_ID LINK_ID...",
  summary: "revoke several links at once; one failing does not stop the others",
  description: "Each link as links revoke LINK_ID does, one after the other, with a line per link; the audit trail gets one event per link. Exit 1 if any failed (the others are still revoked).",
  arguments: [{ name: "LINK_ID...", field: "linkIds", variadic: true }],
  flags: [],
  examples: ["signed-share links list --search march --status active --json | jq -r '.links[].linkId' | xargs signed-share links revoke"],
  operation: ops.links.revokeMany,
  when: (line) => line.positionals.length > 1 && line.values.client === undefined && line.values.until === undefined,
  print(result, io) {
    for (const r of result.results) {
      if (r.outcome === "failed") io.stderr.write(`failed: ${r.linkId}: ${r.error?.message ?? "unknown error"}\n`);
      else io.stdout.write(`${r.outcome === "revoked" ? "revoked" : "already revoked"} ${r.linkId} (client ${r.client})\n`);
    }
    io.stderr.write(`${plural(result.revoked, "link")} revoked${result.failed > 0 ? `; ${result.failed} failed and still work: try them again` : ""}\n`);
  },
});

export const editLinkCommand = defineCommand({
  name: "links edit",
  usage: "links edit LINK_ID [--label TEXT] [--recipient WHO]... [--no-recipients] [--client CLIENT]",
  description:
    'Changes a link\'s label and recipients; its URL, files and terms stay as they are. --label "" removes the label; --recipient replaces the recipients with the ones given, --no-recipients removes them. ' +
    "Searches (links list --search) find the new words at once (docs/links.md#labels-and-search).",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [
    { ...flag.label, help: 'the new label (one line, at most 120 characters); "" removes it' },
    { ...flag.recipient, help: "who the link is for (an address or a name); repeat for more: replaces the recipients" },
    { name: "no-recipients", type: "boolean", field: false, help: "remove every recipient" },
    flag.client,
  ],
  examples: ['signed-share links edit q7B0oGd1Sm2yTzP4hJ8c0A --label "March invoices for Jane"', "signed-share links edit q7B0oGd1Sm2yTzP4hJ8c0A --recipient jane@example.com --recipient accounts@example.com"],
  operation: ops.links.edit,
  input: (line, input) => (line.values["no-recipients"] === true ? { ...input, recipients: [] } : input),
  hint: notFoundHint,
  print({ link, changed }, io) {
    io.stdout.write(`${changed ? "changed" : "unchanged"} ${link.linkId} (client ${link.client}): label ${link.label ? JSON.stringify(link.label) : "none"}; recipients ${link.recipients?.length ? link.recipients.join(", ") : "none"}\n`);
  },
});

export const labelLinkCommand = defineCommand({
  name: "links label",
  usage: "links label LINK_ID TEXT [--client CLIENT]",
  summary: 'set a link\'s label (links edit LINK_ID --label TEXT); "" removes it',
  arguments: [
    { name: "LINK_ID", field: "linkId" },
    { name: "TEXT", field: "label" },
  ],
  flags: [flag.client],
  examples: ['signed-share links label q7B0oGd1Sm2yTzP4hJ8c0A "March invoices for Jane"'],
  operation: ops.links.edit,
  hint: notFoundHint,
  print: editLinkCommand.print,
});

export const revokeClientCommand = defineCommand({
  name: "links revoke",
  usage: "links revoke --client CLIENT",
  summary: "revoke every active link of one client; other clients' links keep working",
  description: "Each link as links revoke LINK_ID does; other clients' links keep working (exit 1 if any failed; the others are still revoked).",
  arguments: [],
  flags: [{ name: "client", type: "string", value: "CLIENT", help: "revoke every active link of this client" }],
  examples: ["signed-share links revoke --client acme-corp"],
  operation: ops.links.revokeAll,
  when: (line) => line.values.client !== undefined,
  hint: notFoundHint,
  print(result, io) {
    if (result.revoked.length === 0 && result.failed.length === 0) io.stdout.write(`${result.client} has no active link: nothing to revoke\n`);
    for (const linkId of result.revoked) io.stdout.write(`revoked ${linkId} (client ${result.client})\n`);
    for (const f of result.failed) io.stderr.write(`failed: ${f.linkId}: ${f.error}\n`);
    if (result.revoked.length > 0) io.stderr.write(`${plural(result.revoked.length, "link")} of ${result.client} revoked; other clients' links keep working\n`);
  },
});

export const revokeIdCommand = defineCommand({
  name: "links revoke",
  usage: "links revoke LINK_ID --until WHEN",
  summary: "revoke an id that has no record (URLs signed by hand with sign --link-id)",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [{ name: "until", type: "string", value: "WHEN", help: "for an id with no link record (URLs signed by hand with sign --link-id): list it until WHEN, the URLs' expiry (ISO 8601, epoch seconds or 7d)" }],
  examples: ["signed-share links revoke my-hand-signed-link-id-0001 --until 7d"],
  operation: ops.links.revokeId,
  when: (line) => line.values.until !== undefined,
  print(result, io) {
    io.stdout.write(`revoked hand-signed id ${result.linkId} (no link record)\n${edgeSentence(result.edge, result.expiresAt)}\n`);
  },
});

export const renewLinkCommand = defineCommand({
  name: "links renew",
  usage: "links renew LINK_ID --expires WHEN [--revoke-old]",
  description: '"Issue again": a new link for the same client and selection, in the same mode and IP range, expiring at --expires; prints the new URL. --revoke-old then revokes the old link.',
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [flag.expires, { name: "revoke-old", type: "boolean", help: "revoke the old link once the new one is issued" }],
  examples: ["signed-share links renew q7B0oGd1Sm2yTzP4hJ8c0A --expires 30d --revoke-old"],
  operation: ops.links.renew,
  hint: notFoundHint,
  print(result, io) {
    const r = result.link;
    const old = result.revokedOld ? `; the old link ${result.renewedFrom} is revoked` : `; the old link ${result.renewedFrom} keeps working until it expires`;
    io.stderr.write(`${r.client}: ${r.fileCount} files, ${formatBytes(r.bytes)}, ${r.mode} mode, expires ${formatUtc(new Date(r.expiresAt))} (link ${r.linkId}, issued again from ${result.renewedFrom})${old}\n`);
    io.stdout.write(`${result.url}\n`);
  },
});

export const pruneCommand = defineCommand({
  name: "links prune",
  usage: "links prune",
  description: "Removes ids of links that have expired from the revocation list (revoke and rotate-keys do it too; the list holds at most 5 MB).",
  arguments: [],
  flags: [],
  examples: ["signed-share links prune"],
  operation: ops.links.prune,
  print(result, io) {
    io.stdout.write(`pruned ${plural(result.pruned.length, "expired id")} from ${result.location}; ${plural(result.remaining, "revoked link")} still listed\n`);
  },
});

export const activityCommand = defineCommand({
  name: "links activity",
  usage: "links activity LINK_ID [--client CLIENT]",
  description:
    "The link's requests, oldest first: page views, downloads (whole, Range parts, aborted), denied requests, with time, file, status, viewer address (as SHARE_VIEWER_ADDRESS keeps it) and user agent; " +
    "then which files were downloaded completely. Never shows a signature. CloudFront delivers its logs late (usually within an hour) and not always completely.",
  arguments: [{ name: "LINK_ID", field: "linkId" }],
  flags: [flag.client],
  examples: ['signed-share links activity "$LINK" --json | jq \'.totals | {pageViews, downloads, filesComplete}\''],
  operation: ops.links.activity,
  hint: notFoundHint,
  print(activity, io) {
    printActivity(activity, io);
    if (activity.received) printReceived(activity.received, io);
  },
});

type Activity = Parameters<typeof activityCommand.print>[0];

function printActivity(activity: Activity, io: CommandIo): void {
  const t = activity.totals;
  io.stdout.write(
    `link ${activity.linkId} for ${activity.client}: ${plural(t.pageViews, "page view")}, ${plural(t.downloads, "download")}, ` +
      `${t.filesComplete.length} of ${plural(t.filesTotal, "file")} downloaded completely, ${t.denied} denied\n${activity.completeness}\n`,
  );
  for (const problem of activity.unreadable) io.stderr.write(`warning: a log file could not be read to the end: ${problem}\n`);
  if (activity.events.length === 0) {
    io.stdout.write("no requests of this link seen yet\n");
    return;
  }
  if (activity.eventsOmitted > 0) io.stdout.write(`(the ${activity.eventsOmitted} oldest requests are left out below; the counts include them)\n`);
  printTable(
    "Requests, oldest first",
    activity.events.map((e) => ({
      time: e.at.slice(0, 19).replace("T", " "),
      what: e.kind === "page" ? "(page)" : (e.file ?? ""),
      status: e.status,
      outcome: e.reason ? `${e.outcome}: ${e.reason}` : e.outcome,
      range: e.range ? `${e.range.start}-${e.range.end}` : "",
      sent: e.bytesSent === null ? "" : formatBytes(e.bytesSent),
      viewer: e.viewer ?? "",
      "user agent": e.userAgent ? (e.userAgent.length > 40 ? `${e.userAgent.slice(0, 39)}…` : e.userAgent) : "",
    })),
    io.stdout,
  );
  if (activity.files.length > 0) {
    printTable(
      "Files",
      activity.files.map((f) => ({
        file: f.file,
        size: f.size === null ? "gone" : formatBytes(f.size),
        downloads: f.downloads,
        complete: f.completedAt ? `yes, ${formatUtc(new Date(f.completedAt))}` : "not yet",
      })),
      io.stdout,
    );
  }
}

export const legacyCommand = defineCommand({
  name: "links legacy",
  usage: "links legacy",
  description:
    "For a stack upgraded to the edge guard: the links issued before link ids that are still valid, and the value of the stack setting legacyLinksUntil that keeps them working until they expire (docs/deploy.md).",
  arguments: [],
  flags: [],
  examples: ["SHARE_CONFIG=stack.json signed-share links legacy"],
  operation: ops.links.legacy,
  print(found, io) {
    const lines = [`${plural(found.withoutId, "recorded link")} carr${found.withoutId === 1 ? "ies" : "y"} no link id (issued before link ids).`];
    if (found.legacyLinksUntil === null) {
      lines.push("None of them is still valid: deploy the edge guard without legacyLinksUntil (unset it if it is set).");
    } else {
      lines.push(
        `${found.valid.length === 1 ? "1 of them is" : `${found.valid.length} of them are`} still valid, the last until ${formatUtc(new Date(found.legacyLinksUntil))}. The edge guard refuses them unless you set:`,
        `  pulumi config set signed-share:legacyLinksUntil ${found.legacyLinksUntil}`,
        `(local mode: SHARE_LEGACY_LINKS_UNTIL=${found.legacyLinksUntil}). Until then requests without a link id pass the guard and`,
        "their signature alone decides; they cannot be revoked one by one (rotate-keys revokes every link).",
      );
    }
    lines.push("URLs signed by hand without --link-id have no record: if one must keep working, use the later of its expiry and this value.");
    io.stdout.write(`${lines.join("\n")}\n`);
  },
});

export const LINK_COMMANDS = [
  issueCommand,
  issueAllCommand,
  listClientsCommand,
  listLinksCommand,
  showLinkCommand,
  sendLinkCommand,
  editLinkCommand,
  labelLinkCommand,
  revokeManyCommand,
  revokeLinkCommand,
  revokeClientCommand,
  revokeIdCommand,
  renewLinkCommand,
  pruneCommand,
  activityCommand,
  legacyCommand,
];

/** A file request's link: what it received, from its ledger. */
function printReceived(received: NonNullable<Activity["received"]>, io: CommandIo): void {
  if (received.length === 0) {
    io.stdout.write("nothing received through this file request yet\n");
    return;
  }
  printTable(
    "Received through this file request",
    received.map((f) => ({ "#": f.seq, file: f.path, size: formatBytes(f.size), arrived: f.receivedAt.slice(0, 19).replace("T", " "), state: f.state, "SHA-256 (client)": f.sha256 ?? "" })),
    io.stdout,
  );
}

/** A word as a shell reads it back: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
