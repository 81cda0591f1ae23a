import { systemClock } from "../lib/clock.js";
import { createPublishing } from "../lib/publish/create-publishing.js";
import { InvalidRequestError, NotFoundError } from "../lib/publish/errors.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import { FileRequests, requestStatus } from "../lib/requests/file-requests.js";
import { requestTermsFrom } from "../lib/requests/request-input.js";
import { planMail } from "./issue-mail.js";
import { loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError, exitCodes } from "./cli.js";
import { openSigningKey } from "./open-signing-key.js";
import { printTable } from "./table.js";

const help = `Usage: signed-share requests new CLIENT --expires WHEN [--max-file-size SIZE] [--max-total SIZE]
                                  [--max-files N] [--note TEXT] [--to ADDR ... | --email] [--json]
       signed-share requests ls [CLIENT] [--json]
       signed-share requests close REQUEST_ID [--by NAME] [--json]

File requests (docs/requests.md): a link to a page where a client sends you files. The link is
signed like every other link (same key group, l=<request id>), so the edge guard, the revocation
list, expiry and key rotation apply to it; revoke one with signed-share links revoke REQUEST_ID.
What arrives lands under received/<request id>/ in the client's folder once accepted (scanned clean
when scanning is on) and is shared with nobody until you issue a link that names it.

  new CLIENT        creates a request for the client and prints its link
  --expires WHEN    until when it takes files: 7d, 12h, or a date (2030-01-31, ISO 8601)
  --max-file-size SIZE  largest file (500MB, 2GB; default and at most SHARE_MAX_FILE_SIZE)
  --max-total SIZE  total size of every file it takes
  --max-files N     number of files it takes
  --note TEXT       your words on the upload page
  --to ADDR         send the link by e-mail (repeat for more addresses); --email: to the client's contacts
  --message TEXT    the e-mail's words above the link (with --to/--email)
  ls [CLIENT]       every request (of one client), newest first: status (open, closed, revoked,
                    expired), files and bytes received
  close REQUEST_ID  no more uploads: the edge refuses its link from now on (like revoking it);
                    what arrived stays
  --by NAME         who does it, for the record (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout (new: {url, requestId, ...})
  -h, --help        this text

Exit codes: 0 done, 1 storage failure, 2 bad usage or input, 3 unknown client or request,
5 the request was made (its URL is printed) but the e-mail carrying it was not sent.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      expires: { type: "string" },
      "max-file-size": { type: "string" },
      "max-total": { type: "string" },
      "max-files": { type: "string" },
      note: { type: "string" },
      to: { type: "string", multiple: true },
      email: { type: "boolean" },
      message: { type: "string" },
      by: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "new" && command !== "ls" && command !== "close") throw new UsageError("give a command: new CLIENT, ls [CLIENT] or close REQUEST_ID (see --help)");
  if (rest.length > 1) throw new UsageError(`${command} takes one argument at most (see --help)`);
  const newOnly = ["expires", "max-file-size", "max-total", "max-files", "note", "to", "email", "message"] as const;
  if (command !== "new") for (const flag of newOnly) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with requests new (see --help)`);
  const config = loadToolConfig(values.config);
  const publishing = createPublishing(config, { clock: systemClock });
  const json = Boolean(values.json);
  const by = values.by ?? `cli:${operatorName()}`;
  const requests = new FileRequests({
    store: publishing.store,
    records: publishing.records,
    catalog: publishing.catalog,
    prefix: config.prefix,
    publicUrl: config.publicUrl,
    signingKey: () => openSigningKey(config),
    clock: systemClock,
    maxExpiryMs: config.maxExpiryMs,
    maxFileSize: config.maxFileSize,
    hashAlgorithm: config.hashAlgorithm,
    ...(config.mode === "aws" ? { uploadOrigin: config.endpoint ? new URL(config.endpoint).origin : `https://${config.bucket}.s3.${config.region ?? "us-east-1"}.amazonaws.com` } : {}),
    ...(config.mail.senderName ? { senderName: config.mail.senderName } : {}),
  });

  if (command === "ls") {
    const client = rest[0];
    let list;
    try {
      list = await requests.list(client);
    } catch (error) {
      if (error instanceof InvalidRequestError) throw new UsageError(error.message);
      throw error;
    }
    if (client !== undefined && list.length === 0 && !(await publishing.catalog.hasClient(client))) return notFound(`there is no client "${client}"`);
    if (json) {
      process.stdout.write(
        `${JSON.stringify(list.map((r) => ({ requestId: r.record.linkId, client: r.record.client, status: r.status, url: r.record.url, issuedBy: r.record.issuedBy, issuedAt: r.record.issuedAt, expiresAt: r.record.expiresAt, ...r.record.request, files: r.files, bytes: r.bytes })))}\n`,
      );
    } else if (list.length === 0) process.stderr.write(`no file requests${client !== undefined ? ` for ${client}` : ""} yet\n`);
    else
      printTable(
        `${list.length} file request${list.length === 1 ? "" : "s"}${client !== undefined ? ` for ${client}` : ""}`,
        list.map((r) => ({
          "request id": r.record.linkId,
          client: r.record.client,
          status: r.status,
          created: formatUtc(new Date(r.record.issuedAt)),
          expires: formatUtc(new Date(r.record.expiresAt)),
          received: `${r.files} file${r.files === 1 ? "" : "s"}, ${formatBytes(r.bytes)}`,
          by: r.record.issuedBy,
        })),
      );
    return 0;
  }

  const argument = rest[0];
  if (command === "close") {
    if (argument === undefined) throw new UsageError("close needs a REQUEST_ID; see them with: signed-share requests ls");
    try {
      const closed = await requests.close(argument, by);
      if (json) process.stdout.write(`${JSON.stringify({ requestId: argument, client: closed.record.client, status: "closed", alreadyClosed: closed.alreadyClosed, edge: closed.revocation.edge ?? null })}\n`);
      else process.stdout.write(`${closed.alreadyClosed ? "already closed" : "closed"} ${argument} (client ${closed.record.client}): its link takes no more files${closed.revocation.edge ? `; the edge refuses it ${closed.revocation.edge.takesEffect}` : ""}\n`);
      return 0;
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(`${error.message}; see them with: signed-share requests ls`);
      throw error;
    }
  }

  if (argument === undefined) throw new UsageError("new needs a CLIENT: signed-share requests new CLIENT --expires 7d");
  let terms;
  try {
    terms = requestTermsFrom(
      { ...(values.expires !== undefined ? { expires: values.expires } : {}), maxFileSize: values["max-file-size"], maxTotal: values["max-total"], maxFiles: values["max-files"], ...(values.note !== undefined ? { note: values.note } : {}) },
      systemClock(),
    );
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new UsageError(error.message.replace(/^(expires|max-file-size|max-total|max-files|note):/, "--$1:"));
    throw error;
  }
  if (values.message !== undefined && !values.to && !values.email) throw new UsageError("--message goes with --to or --email");
  // Everything about the e-mail is checked before the request exists.
  const mail = values.to || values.email ? await planMail(config, publishing, argument, { ...(values.to ? { to: values.to } : {}), ...(values.email ? { email: true } : {}), ...(values.message !== undefined ? { message: values.message } : {}), by }) : undefined;
  let record;
  try {
    record = await requests.create({ client: argument, issuedBy: by, ...terms });
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(`${error.message} (signed-share files new ${argument})`);
    if (error instanceof InvalidRequestError) throw new UsageError(error.message);
    throw error;
  }
  const sent = mail ? await mail.send(record) : undefined;
  const doc = { url: record.url, requestId: record.linkId, client: record.client, expiresAt: record.expiresAt, ...record.request, ...(sent ? { delivery: sent.delivery } : {}) };
  if (json) process.stdout.write(`${JSON.stringify(doc)}\n`);
  else {
    process.stderr.write(`file request ${record.linkId} for ${record.client}, takes files until ${formatUtc(new Date(record.expiresAt))}\n`);
    process.stdout.write(`${record.url}\n`);
    if (sent) process.stderr.write(sent.delivery.status === "sent" ? `sent to ${sent.delivery.to.join(", ")} (${sent.delivery.via})\n` : `not sent: ${sent.delivery.error}\n`);
  }
  return sent && sent.delivery.status !== "sent" ? exitCodes.notDelivered : 0;
}

runCli(main);
