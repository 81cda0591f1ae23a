import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { createPublishing } from "../lib/publish/create-publishing.js";
import { InvalidRequestError, NotFoundError } from "../lib/publish/errors.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import { isLinkId, validateClientName } from "../lib/publish/layout.js";
import { removeUnrecordedPage } from "../lib/publish/unrecorded-page.js";
import { LINK_STATUSES, linkStatus, type LinkRecord, type LinkStatus } from "../lib/publish/link-record.js";
import type { EdgeRevocation } from "../lib/publish/link-records.js";
import { denyLink, pruneDenyList } from "../lib/revocation/prune.js";
import type { DenyList } from "../lib/revocation/deny-list.js";
import { isGuardedLinkId } from "../lib/publish/link-id-param.js";
import { parseInstant } from "../lib/instant.js";
import { printTable } from "./table.js";
import { createActivitySource } from "../lib/activity/from-config.js";
import { listSummaries, showActivity } from "./link-activity.js";
import { renew, revokeClient } from "./link-actions.js";
import { showLegacyLinks } from "./link-legacy.js";
import { loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";

const help = `Usage: signed-share links list [CLIENT] [--status STATUS] [--limit N [--cursor C]] [--json]
       signed-share links revoke LINK_ID [--by NAME] [--json]
       signed-share links revoke LINK_ID --until WHEN [--json]   (a hand-signed URL: sign --link-id)
       signed-share links revoke --client CLIENT [--by NAME] [--json]
       signed-share links renew LINK_ID --expires WHEN [--revoke-old] [--by NAME] [--json]
       signed-share links prune [--json]
       signed-share links activity LINK_ID [--json]
       signed-share links legacy [--json]

Manages issued links (the records under portal/links/ in the bucket).

  list [CLIENT]     every issued link, newest first (of one client when given), with its status:
                    scheduled (its --not-before is ahead), active, expired or revoked, and its
                    downloads and last download (from the edge's access log, docs/activity.md)
  --status STATUS   only links in that status (scheduled, active, expired, revoked)
  --limit N         one page of at most N links (1 to 1000), read from the link index
                    without reading every record; --json then prints {"links": [...], "next": C}
  --cursor C        the page after the one that printed C as its next (with --limit)
  revoke LINK_ID    puts the link id into the edge's revocation list, so that every URL of the
                    link (its page and each file) is refused (docs/revocation.md): at once in
                    local mode, within about a minute at CloudFront. Then deletes the link's page,
                    marks its record revoked and, when SHARE_DISTRIBUTION_ID is set, invalidates
                    the page's path. Other links, also of the same client, keep working.
                    A page with no record (left by a crash) is found and deleted too.
  --until WHEN      for an id with no link record (URLs signed by hand with sign --link-id):
                    list it until WHEN, the URLs' expiry (ISO 8601, epoch seconds or 7d)
  revoke --client CLIENT
                    revokes every active link of one client, each as above; other clients'
                    links keep working (exit 1 if any failed; the others are still revoked)
  renew LINK_ID     "issue again": a new link for the same client and selection, in the same
                    mode and IP range, expiring at --expires (7d, 2030-01-01T00:00:00Z, ...);
                    prints the new URL. --revoke-old then revokes the old link.
  prune             removes ids of links that have expired from the revocation list (revoke and
                    rotate-keys do it too; the list holds at most 5 MB)
  legacy            for a stack upgraded to the edge guard: the links issued before link ids
                    that are still valid, and the value of the stack setting legacyLinksUntil
                    that keeps them working until they expire (docs/deploy.md)
  activity LINK_ID  the link's requests, oldest first: page views, downloads (whole, Range
                    parts, aborted), denied requests, with time, file, status, viewer address
                    (as SHARE_VIEWER_ADDRESS keeps it) and user agent; then which files were
                    downloaded completely. Never shows a signature. CloudFront delivers its
                    logs late (usually within an hour) and not always completely.
  --by NAME         who revokes, for the record (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout
  -h, --help        this text

Without SHARE_REVOCATION_STORE_ARN (a stack deployed before the guard), revoke deletes the page
only and the file URLs keep working until they expire.

Exit codes: 0 done, 1 storage or CloudFront failure (or the revocation list is full: nothing was
revoked), 2 bad usage (or, for activity, no access logs configured), 3 unknown client or link.

Also runs as: signed-share links [arguments] (npm adds its own lines to stdout: scripts use signed-share links)`;


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      by: { type: "string" },
      client: { type: "string" },
      expires: { type: "string" },
      "revoke-old": { type: "boolean" },
      until: { type: "string" },
      status: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
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
  if (command !== "list" && command !== "revoke" && command !== "renew" && command !== "prune" && command !== "activity" && command !== "legacy") {
    throw new UsageError(`give a command: list [CLIENT], revoke LINK_ID, revoke --client CLIENT, renew LINK_ID, prune, activity LINK_ID or legacy (see --help)`);
  }
  const noArgument = command === "prune" || command === "legacy";
  if (rest.length > (noArgument ? 0 : 1)) throw new UsageError(`${command} takes ${noArgument ? "no argument" : "one argument at most"} (see --help)`);
  if (values.client !== undefined && (command !== "revoke" || rest.length > 0)) throw new UsageError("--client goes with revoke and no LINK_ID: signed-share links revoke --client CLIENT");
  if ((values.expires !== undefined || values["revoke-old"]) && command !== "renew") throw new UsageError("--expires and --revoke-old go with renew (see --help)");
  if (values.until !== undefined && (command !== "revoke" || values.client !== undefined)) throw new UsageError("--until goes with revoke LINK_ID (see --help)");
  const config = loadToolConfig(values.config);
  const publishing = createPublishing(config, { clock: systemClock });
  const { records, catalog, store, invalidator, denyList } = publishing;
  const json = Boolean(values.json);
  const by = values.by ?? `cli:${operatorName()}`;
  if (command === "revoke" && values.client !== undefined) return revokeClient(publishing, values.client, by, json);
  const activity = () => createActivitySource(config, { store, records, clock: systemClock });
  if (command === "activity") return showActivity(activity(), records, rest[0], json);
  if (command === "legacy") return showLegacyLinks(records, systemClock(), json);
  if (command === "renew") return renew(publishing, config, { linkId: rest[0], expires: values.expires, revokeOld: Boolean(values["revoke-old"]), by, json });

  if (command === "prune") {
    if (!denyList) throw new UsageError("no revocation list is configured: set SHARE_REVOCATION_STORE_ARN (the revocationStoreArn stack output)");
    const removed = await pruneDenyList(denyList, systemClock());
    const left = (await denyList.entries()).length;
    if (json) process.stdout.write(`${JSON.stringify({ location: denyList.location, pruned: removed.map((e) => e.linkId), remaining: left })}\n`);
    else process.stdout.write(`pruned ${removed.length} expired id${removed.length === 1 ? "" : "s"} from ${denyList.location}; ${left} revoked link${left === 1 ? "" : "s"} still listed\n`);
    return 0;
  }

  if (command === "list") {
    const client = rest[0];
    if (client !== undefined) {
      try {
        validateClientName(client);
      } catch (error) {
        throw new UsageError((error as InvalidRequestError).message);
      }
    }
    const status = values.status;
    if (status !== undefined && !(LINK_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${LINK_STATUSES.join(", ")}`);
    if (values.cursor !== undefined && values.limit === undefined) throw new UsageError("--cursor goes with --limit (the page size)");
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) throw new UsageError("--limit must be a whole number from 1 to 1000");
    const query = { ...(client !== undefined ? { client } : {}), ...(status !== undefined ? { status: status as LinkStatus } : {}) };
    let list: (LinkRecord & { status: LinkStatus })[] = [];
    let next: string | undefined;
    try {
      if (limit !== undefined) {
        const page = await records.page({ ...query, limit, ...(values.cursor !== undefined ? { cursor: values.cursor } : {}) });
        list = page.links;
        next = page.next;
      } else {
        // Every link, a page at a time: each page reads only its own records.
        let cursor: string | undefined;
        do {
          const page = await records.page({ ...query, limit: 1000, ...(cursor ? { cursor } : {}) });
          list.push(...page.links);
          cursor = page.next;
        } while (cursor);
      }
    } catch (error) {
      if (error instanceof InvalidRequestError) throw new UsageError(error.message);
      throw error;
    }
    const denied = denyList ? new Set((await denyList.entries()).map((e) => e.linkId)) : undefined;
    const edgeOf = (linkId: string) => (denied === undefined ? "no guard" : denied.has(linkId) ? "refused" : "");
    if (client !== undefined && list.length === 0 && !(await catalog.hasClient(client))) {
      return notFound(`there is no client "${client}" and no link was issued for it; see the client folders with: signed-share issue --list-clients`);
    }
    const now = systemClock();
    const summaries = await listSummaries(activity(), list);
    const paged = (rows: unknown[]) => (limit !== undefined ? { links: rows, ...(next ? { next } : {}) } : rows);
    // null: no activity logs configured; 0 / null last download: none seen yet.
    const used = (linkId: string) => {
      if (!summaries) return { downloads: null, lastDownloadAt: null };
      const summary = summaries.get(linkId);
      return { downloads: summary?.downloads ?? 0, lastDownloadAt: summary?.lastDownloadAt ?? null, filesComplete: summary?.filesComplete.length ?? 0 };
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(paged(list.map((r) => ({ ...r, status: linkStatus(r, now), ...(denied ? { refusedAtEdge: denied.has(r.linkId) } : {}), ...used(r.linkId) }))))}\n`);
    } else if (list.length === 0) {
      process.stderr.write(`no links issued${client !== undefined ? ` for ${client}` : ""} yet\n`);
    } else {
      printTable(
        `${list.length} issued link${list.length === 1 ? "" : "s"}${client !== undefined ? ` for ${client}` : ""}`,
        list.map((r) => ({
          "link id": r.linkId,
          client: r.client,
          status: linkStatus(r, now),
          edge: edgeOf(r.linkId),
          issued: formatUtc(new Date(r.issuedAt)),
          expires: formatUtc(new Date(r.expiresAt)),
          mode: r.mode,
          files: r.fileCount,
          downloads: summaries ? (used(r.linkId).downloads ?? 0) : "no logs",
          "last download": summaries ? (used(r.linkId).lastDownloadAt ? formatUtc(new Date(used(r.linkId).lastDownloadAt!)) : "never") : "no logs",
          size: formatBytes(r.bytes),
          by: r.revoked ? `${r.issuedBy}; revoked by ${r.revoked.by}` : r.issuedBy,
        })),
      );
    }
    if (next && !json) process.stderr.write(`more links: signed-share links list${client !== undefined ? ` ${client}` : ""}${status ? ` --status ${status}` : ""} --limit ${limit} --cursor ${next}\n`);
    return 0;
  }

  const linkId = rest[0];
  if (linkId === undefined) throw new UsageError("revoke needs a LINK_ID; see the issued links with: signed-share links list");
  if (values.until !== undefined) return revokeHandSigned(linkId, values.until, denyList, json);
  if (!isLinkId(linkId)) throw new UsageError(`"${linkId}" is not a link id (22 characters of A-Z a-z 0-9 - _); see the issued links with: signed-share links list`);
  try {
    const result = await records.revoke(linkId, values.by ?? `cli:${operatorName()}`);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const cdn = result.invalidated ? "CloudFront invalidation requested" : "no SHARE_DISTRIBUTION_ID, so no CloudFront invalidation";
      process.stdout.write(
        `${result.alreadyRevoked ? "already revoked" : "revoked"} ${linkId} (client ${result.record.client}): page deleted, record marked, ${cdn}\n` +
          `${edgeSentence(result.edge, result.record.expiresAt)}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // A page can outlive a publication that crashed before its record was written: remove it too.
    const removed = await removeUnrecordedPage({ store, catalog, prefix: config.prefix, ...(invalidator ? { invalidator } : {}) }, linkId);
    if (!removed) return notFound(`${error.message}; see the issued links with: signed-share links list`);
    if (json) process.stdout.write(`${JSON.stringify({ linkId, unrecorded: true, ...removed })}\n`);
    else process.stdout.write(`revoked ${linkId} (client ${removed.client}): it had no record; page deleted${removed.invalidated ? ", CloudFront invalidation requested" : ""}\n`);
    return 0;
  }
}




/** An id no record knows (sign --link-id): only the revocation list changes. */
async function revokeHandSigned(linkId: string, until: string, denyList: DenyList | undefined, json: boolean): Promise<number> {
  if (!isGuardedLinkId(linkId)) throw new UsageError(`"${linkId}" is not a link id (22 to 128 characters of A-Z a-z 0-9 - _)`);
  if (!denyList) throw new UsageError("no revocation list is configured: set SHARE_REVOCATION_STORE_ARN (the revocationStoreArn stack output)");
  const now = systemClock();
  let expiresAt: Date;
  try {
    expiresAt = parseInstant(until, now);
  } catch (error) {
    throw new UsageError(`--until: ${(error as Error).message}`);
  }
  const result = await denyLink(denyList, { linkId, expiresAt: expiresAt.toISOString() }, now);
  const edge: EdgeRevocation = { ...result, takesEffect: denyList.takesEffect };
  if (json) process.stdout.write(`${JSON.stringify({ linkId, expiresAt: expiresAt.toISOString(), edge })}\n`);
  else process.stdout.write(`revoked hand-signed id ${linkId} (no link record)\n${edgeSentence(edge, expiresAt.toISOString())}\n`);
  return 0;
}

/** What happens to the link's file URLs now. */
function edgeSentence(edge: EdgeRevocation | undefined, expiresAt: string): string {
  if (!edge) return `edge: no revocation list configured (SHARE_REVOCATION_STORE_ARN), so its file URLs keep working until ${formatUtc(new Date(expiresAt))}`;
  const pruned = edge.pruned ? ` (${edge.pruned} expired id${edge.pruned === 1 ? "" : "s"} pruned)` : "";
  if (!edge.listed) return `edge: the link expired at ${formatUtc(new Date(expiresAt))}; its URLs are refused already${pruned}`;
  return `edge: every URL of the link (page and files) is refused ${edge.takesEffect}${pruned}`;
}

runCli(main);
