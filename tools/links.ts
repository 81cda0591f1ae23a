import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { createPublishing } from "../lib/publish/create-publishing.js";
import { InvalidRequestError, NotFoundError } from "../lib/publish/errors.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import { isLinkId, validateClientName } from "../lib/publish/layout.js";
import { linkStatus } from "../lib/publish/link-record.js";
import type { EdgeRevocation } from "../lib/publish/link-records.js";
import { denyLink, pruneDenyList } from "../lib/revocation/prune.js";
import type { DenyList } from "../lib/revocation/deny-list.js";
import { isGuardedLinkId } from "../lib/publish/link-id-param.js";
import { parseInstant } from "../lib/instant.js";
import { printTable } from "./table.js";
import { loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";

const help = `Usage: npm run links -- list [CLIENT] [--json]
       npm run links -- revoke LINK_ID [--by NAME] [--json]
       npm run links -- revoke LINK_ID --until WHEN [--json]   (a hand-signed URL: sign --link-id)
       npm run links -- prune [--json]

Manages issued links (the records under portal/links/ in the bucket).

  list [CLIENT]     every issued link, newest first (of one client when given), with its status:
                    active, expired or revoked
  revoke LINK_ID    puts the link id into the edge's revocation list, so that every URL of the
                    link (its page and each file) is refused (docs/revocation.md): at once in
                    local mode, within about a minute at CloudFront. Then deletes the link's page,
                    marks its record revoked and, when SHARE_DISTRIBUTION_ID is set, invalidates
                    the page's path. Other links, also of the same client, keep working.
  --until WHEN      for an id with no link record (URLs signed by hand with sign --link-id):
                    list it until WHEN, the URLs' expiry (ISO 8601, epoch seconds or 7d)
  prune             removes ids of links that have expired from the revocation list (revoke and
                    rotate-keys do it too; the list holds at most 5 MB)
  --by NAME         who revokes, for the record (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout
  -h, --help        this text

Without SHARE_REVOCATION_STORE_ARN (a stack deployed before the guard), revoke deletes the page
only and the file URLs keep working until they expire.

Exit codes: 0 done, 1 storage or CloudFront failure (or the revocation list is full: nothing was
revoked), 2 bad usage, 3 unknown client or link.`;


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { by: { type: "string" }, until: { type: "string" }, config: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "list" && command !== "revoke" && command !== "prune") throw new UsageError(`give a command: list [CLIENT], revoke LINK_ID or prune (see --help)`);
  if (rest.length > (command === "prune" ? 0 : 1)) throw new UsageError(`${command} takes ${command === "prune" ? "no argument" : "one argument at most"} (see --help)`);
  const config = loadToolConfig(values.config);
  const { records, catalog, denyList } = createPublishing(config, { clock: systemClock });
  const json = Boolean(values.json);

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
    const list = await records.list(client);
    const denied = denyList ? new Set((await denyList.entries()).map((e) => e.linkId)) : undefined;
    const edgeOf = (linkId: string) => (denied === undefined ? "no guard" : denied.has(linkId) ? "refused" : "");
    if (client !== undefined && list.length === 0 && !(await catalog.hasClient(client))) {
      return notFound(`there is no client "${client}" and no link was issued for it; see the client folders with: npm run issue -- --list-clients`);
    }
    const now = systemClock();
    if (json) {
      process.stdout.write(`${JSON.stringify(list.map((r) => ({ ...r, status: linkStatus(r, now), ...(denied ? { refusedAtEdge: denied.has(r.linkId) } : {}) })))}\n`);
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
          size: formatBytes(r.bytes),
          by: r.revoked ? `${r.issuedBy}; revoked by ${r.revoked.by}` : r.issuedBy,
        })),
      );
    }
    return 0;
  }

  const linkId = rest[0];
  if (linkId === undefined) throw new UsageError("revoke needs a LINK_ID; see the issued links with: npm run links -- list");
  if (values.until !== undefined) return revokeHandSigned(linkId, values.until, denyList, json);
  if (!isLinkId(linkId)) throw new UsageError(`"${linkId}" is not a link id (22 characters of A-Z a-z 0-9 - _); see the issued links with: npm run links -- list`);
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
    if (error instanceof NotFoundError) return notFound(`${error.message}; see the issued links with: npm run links -- list`);
    throw error;
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
