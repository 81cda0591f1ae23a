import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { parseInstant } from "../lib/instant.js";
import { createPublishing, type Publishing } from "../lib/publish/create-publishing.js";
import { InvalidRequestError, NotFoundError } from "../lib/publish/errors.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import type { LinkRecord } from "../lib/publish/link-record.js";
import { publishAll, type PublishOutcome } from "../lib/publish/publish-all.js";
import type { PublishRequest } from "../lib/publish/publisher.js";
import { largeSelectionWarning } from "../lib/publish/selection.js";
import { validateTerms } from "../lib/publish/terms.js";
import { printTable } from "./table.js";
import { exitCodes, loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";
import { planMail } from "./issue-mail.js";
import { openSigningKey } from "./open-signing-key.js";

const help = `Usage: signed-share issue CLIENT --expires WHEN [options]
       signed-share issue --all --expires WHEN [options]
       signed-share issue --list-clients [--json]

Publishes an index page of a client's files and prints its signed URL: the one link to send.
Every file link on the page, and the page itself, expires at the same moment.

  --expires WHEN        7d, 12h, 2030-01-01T00:00:00Z or epoch seconds; at most SHARE_MAX_EXPIRY
                        from now (default 366d)
  --mode MODE           per-file (default: one signature per file) or folder (one wildcard
                        signature for the client's folder, which also covers files added later)
  --only PATH           share only this sub-folder ("exports/") or file ("exports/a.csv") of the
                        client's folder; repeat for more. A PATH without a trailing / is a file
                        when one has that name, else a folder. Per-file mode signs exactly the
                        chosen files; folder mode one wildcard per chosen sub-folder. Default: all
  --not-before WHEN     the links work only from this instant
  --ip CIDR             only viewers from this IPv4 address or range (e.g. 203.0.113.0/24); refused
                        when the stack serves IPv6 (stack output ipv6Enabled / SHARE_IPV6)
  --hash-algorithm ALG  SHA1 or SHA256 (default: SHARE_HASH_ALGORITHM, else SHA1)
  --all                 one link per client folder; keeps going when one fails
  --list-clients        list the client folders with their file counts and sizes
  --email               send the link by e-mail to the client's contacts (its profile: signed-share
                        files client CLIENT --contact ...)
  --to ADDRESS          send the link by e-mail to ADDRESS; repeat for more (at most 50)
  --message TEXT        the words above the link in the e-mail (default: a short greeting); plain
                        text with no web or e-mail address: mail programs turn "example.com",
                        "www.x" and "name@host" into links, and the link to the files must be
                        the only one. Addresses on SHARE_MAIL_OWN_DOMAINS (default: the domain
                        of SHARE_MAIL_FROM) may stay. Checked before the link is issued.
  --reply-to ADDRESS    where the recipients' replies go (default: none)
  --by NAME             who issues, for the link record (default cli:$USER)
  --config FILE         stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json                print one JSON object (an array with --all) and nothing else on stdout
  -h, --help            this text

Configuration (environment): SHARE_BUCKET, SHARE_PREFIX, SHARE_PUBLIC_URL, SHARE_KEY_PAIR_ID,
SHARE_PRIVATE_KEY=file://PATH, SHARE_DISTRIBUTION_ID, SHARE_MAX_EXPIRY, SHARE_HASH_ALGORITHM,
AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_S3. No SHARE_BUCKET: local mode in SHARE_DATA_DIR.
E-mail (docs/delivery.md): SMTP_URL, SMTP_TLS_CA, SHARE_MAIL_FROM, PORTAL_SENDER_NAME, SHARE_MAIL;
in local mode without SMTP_URL the message goes to the outbox in the data directory.

Exit codes: 0 issued (and sent), 1 storage or other runtime failure (with --all: any client
failed), 2 bad usage or input (recipients are checked before anything is issued), 3 unknown client
or nothing to share, 5 the link was issued (its URL is on stdout) but the e-mail was not sent.

Also runs as: npm run issue -- [arguments] (npm adds its own lines to stdout: scripts use signed-share issue)`;

const CLIENTS_HINT = "see the client folders with: signed-share issue --list-clients";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      expires: { type: "string" },
      mode: { type: "string", default: "per-file" },
      "not-before": { type: "string" },
      only: { type: "string", multiple: true },
      ip: { type: "string" },
      "hash-algorithm": { type: "string" },
      all: { type: "boolean" },
      "list-clients": { type: "boolean" },
      email: { type: "boolean" },
      to: { type: "string", multiple: true },
      message: { type: "string" },
      "reply-to": { type: "string" },
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
  const json = Boolean(values.json);
  const config = loadToolConfig(values.config);
  const publishing = createPublishing(config, { clock: systemClock });

  if (values["list-clients"]) {
    if (positionals.length > 0 || values.all) throw new UsageError("--list-clients takes no CLIENT and no --all (see --help)");
    return listClients(publishing, config, json);
  }
  if (values.all && positionals.length > 0) throw new UsageError("give either CLIENT or --all, not both (see --help)");
  if (values.all && values.only) throw new UsageError("--only chooses paths inside one client's folder: give CLIENT, not --all (see --help)");
  if (!values.all && positionals.length !== 1) throw new UsageError(`give one CLIENT (or --all); ${CLIENTS_HINT}`);
  const wantsMail = Boolean(values.email || values.to || values.message !== undefined || values["reply-to"] !== undefined);
  if (values.all && wantsMail) throw new UsageError("--email and --to send one client's link: give CLIENT, not --all (see --help)");
  if (wantsMail && !values.email && !values.to) throw new UsageError("--message and --reply-to go with --email or --to (see --help)");
  const request = parseRequest(values);
  try {
    validateTerms(request, new Date(), config.maxExpiryMs, { ipv6Enabled: config.ipv6Enabled }); // once up front, rather than once per client
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const client = positionals[0];
  const mailing = wantsMail && client !== undefined ? await planMail(config, publishing, client, values) : undefined;
  const key = await openSigningKey(config);
  const publisher = publishing.publisher(async () => key);

  if (!values.all && client !== undefined) {
    let record: LinkRecord;
    try {
      record = await publisher.publish({ ...request, client, ...(values.only ? { only: values.only } : {}) });
    } catch (error) {
      if (error instanceof InvalidRequestError) throw new UsageError(error.message);
      if (error instanceof NotFoundError) return notFound(error.what === "path" ? `${error.message}; --only takes paths inside the client's folder, e.g. --only exports/` : `${error.message}${error.where ? ` (looked in ${error.where})` : ""}; ${CLIENTS_HINT}`);
      throw error;
    }
    const sent = mailing ? await mailing.send(record) : undefined;
    if (sent?.record) record = sent.record;
    if (json) process.stdout.write(`${JSON.stringify(sent ? { ...record, delivery: sent.delivery } : record)}\n`);
    else {
      const covers = record.selection ? ` of ${record.selection.map((entry) => JSON.stringify(entry)).join(", ")}` : "";
      process.stderr.write(`${record.client}: ${record.fileCount} files${covers}, ${formatBytes(record.bytes)}, ${record.mode} mode, expires ${formatUtc(new Date(record.expiresAt))} (link ${record.linkId})\n`);
      process.stdout.write(`${record.url}\n`);
      if (record.skipped) {
        const names = record.skipped.examples.map(({ key, reason }) => `${JSON.stringify(key)} (${reason})`).join(", ");
        process.stderr.write(`warning: ${record.skipped.count} file(s) left off the page because they cannot be shared as they are: ${names}${record.skipped.count > record.skipped.examples.length ? ", ..." : ""}; rename them and issue again\n`);
      }
      const warning = largeSelectionWarning(record.mode, record.fileCount);
      if (warning) process.stderr.write(`warning: ${warning}; next time consider --mode folder\n`);
    }
    if (sent?.delivery.status === "sent") {
      if (!json) process.stderr.write(`sent to ${sent.delivery.to.join(", ")} through ${sent.delivery.via}\n`);
    } else if (sent) {
      process.stderr.write(`failed: link ${record.linkId} was issued (its URL is ${json ? "in the JSON" : "above"}) but the e-mail was not sent: ${sent.delivery.error}. Send the URL yourself, or again from the link's page in the portal\n`);
      return exitCodes.notDelivered;
    }
    return 0;
  }

  const clients = await publishing.catalog.clientNames();
  if (clients.length === 0) return notFound(`there are no client folders under ${publishing.store.location}/${config.prefix}/`);
  const progress = progressReporter(clients.length, json);
  const outcomes = await publishAll(publisher, clients, request, { onOutcome: progress.update });
  progress.done();
  const failed = outcomes.filter((o) => "error" in o);
  if (json) process.stdout.write(`${JSON.stringify(outcomes.map(outcomeJson))}\n`);
  else {
    printTable(
      `Issued ${outcomes.length - failed.length} of ${outcomes.length} links (expire ${formatUtc(request.expiresAt)})`,
      outcomes.map((o) =>
        "record" in o
          ? { client: o.client, files: o.record.fileCount, size: formatBytes(o.record.bytes), "URL or error": o.record.url }
          : { client: o.client, files: "-", size: "-", "URL or error": `error: ${o.error.message}` },
      ),
    );
  }
  return failed.length > 0 ? 1 : 0;
}


function parseRequest(values: { expires?: string; mode?: string; "not-before"?: string; ip?: string; "hash-algorithm"?: string; by?: string }): Omit<PublishRequest, "client"> {
  if (!values.expires) throw new UsageError("--expires is required, e.g. --expires 7d (see --help)");
  const now = new Date();
  const when = (flag: string, text: string) => {
    try {
      return parseInstant(text, now);
    } catch (error) {
      throw new UsageError(`--${flag}: ${(error as Error).message}`);
    }
  };
  const mode = values.mode ?? "per-file";
  if (mode !== "per-file" && mode !== "folder") throw new UsageError(`--mode must be per-file or folder, got "${mode}"`);
  const hash = values["hash-algorithm"]?.toUpperCase().replace("-", "");
  if (hash !== undefined && hash !== "SHA1" && hash !== "SHA256") throw new UsageError(`--hash-algorithm must be SHA1 or SHA256, got "${values["hash-algorithm"]}"`);
  return {
    expiresAt: when("expires", values.expires),
    ...(values["not-before"] !== undefined ? { notBefore: when("not-before", values["not-before"]) } : {}),
    ...(values.ip !== undefined ? { ipRange: values.ip } : {}),
    ...(hash ? { hashAlgorithm: hash } : {}),
    mode,
    issuedBy: values.by ?? `cli:${operatorName()}`,
  };
}

async function listClients(publishing: Publishing, config: Config, json: boolean): Promise<number> {
  const clients = await publishing.catalog.clients();
  if (json) process.stdout.write(`${JSON.stringify(clients)}\n`);
  else if (clients.length === 0) process.stderr.write(`no client folders under ${publishing.store.location}/${config.prefix}/\n`);
  else printTable(`Client folders in ${publishing.store.location}/${config.prefix}/`, clients.map((c) => ({ client: c.client, files: c.fileCount, size: formatBytes(c.bytes) })));
  return 0;
}

/** A progress bar on a terminal (\r updates on stderr), one plain line per client otherwise; silent with --json. */
function progressReporter(total: number, json: boolean) {
  const tty = Boolean(process.stderr.isTTY) && !json;
  const bar = (done: number) => {
    const width = 24;
    const filled = Math.round((done / total) * width);
    return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}% ${done}/${total}`;
  };
  if (tty) process.stderr.write(bar(0));
  return {
    update(outcome: PublishOutcome, done: number) {
      if (tty) process.stderr.write(bar(done));
      else if (!json) process.stderr.write(`[${done}/${total}] ${outcome.client}: ${"record" in outcome ? `${outcome.record.fileCount} files` : `failed: ${outcome.error.message}`}\n`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

function outcomeJson(outcome: PublishOutcome) {
  return "record" in outcome ? { client: outcome.client, ok: true, record: outcome.record } : { client: outcome.client, ok: false, error: outcome.error.message };
}



runCli(main);
