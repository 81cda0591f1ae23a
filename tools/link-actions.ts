import type { Config } from "../lib/config.js";
import { parseInstant } from "../lib/instant.js";
import type { Publishing } from "../lib/publishing/create-publishing.js";
import { InvalidRequestError, NotFoundError } from "../lib/errors.js";
import { formatBytes, formatUtc } from "../lib/format.js";
import { isLinkId, validateClientName } from "../lib/links/layout.js";
import { renewLink } from "../lib/links/renew.js";
import { revokeClientLinks } from "../lib/links/revoke-client.js";
import { validateTerms } from "../lib/publishing/terms.js";
import { systemClock } from "../lib/clock.js";
import { exitCodes, notFound, UsageError } from "./cli.js";
import { openSigningKey } from "./open-signing-key.js";

/** `links revoke --client CLIENT`: every active link of one client, each through the one-link revoke path. */
export async function revokeClient(publishing: Publishing, client: string, by: string, json: boolean): Promise<number> {
  try {
    validateClientName(client);
  } catch (error) {
    throw new UsageError((error as InvalidRequestError).message);
  }
  const result = await revokeClientLinks(publishing.records, client, by, systemClock);
  if (result.revoked.length === 0 && result.failed.length === 0 && (await publishing.records.list(client)).length === 0 && !(await publishing.catalog.hasClient(client))) {
    return notFound(`there is no client "${client}" and no link was issued for it; see the client folders with: signed-share issue --list-clients`);
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ client, revoked: result.revoked, failed: result.failed.map((f) => ({ linkId: f.linkId, error: f.error.message })) })}\n`);
  } else {
    if (result.revoked.length === 0 && result.failed.length === 0) process.stdout.write(`${client} has no active link: nothing to revoke\n`);
    for (const r of result.revoked) process.stdout.write(`revoked ${r.record.linkId} (client ${client}, issued ${formatUtc(new Date(r.record.issuedAt))} by ${r.record.issuedBy})\n`);
    for (const f of result.failed) process.stderr.write(`failed: ${f.linkId}: ${f.error.message}\n`);
    if (result.revoked.length > 0) process.stderr.write(`${result.revoked.length} link${result.revoked.length === 1 ? "" : "s"} of ${client} revoked; other clients' links keep working\n`);
  }
  return result.failed.length > 0 ? exitCodes.failure : exitCodes.ok;
}

/** `links renew LINK_ID --expires WHEN [--revoke-old]`: the same client and selection with a new expiry. */
export async function renew(publishing: Publishing, config: Config, options: { linkId: string | undefined; expires: string | undefined; revokeOld: boolean; by: string; json: boolean }): Promise<number> {
  const { linkId } = options;
  if (linkId === undefined) throw new UsageError("renew needs a LINK_ID; see the issued links with: signed-share links list");
  if (!isLinkId(linkId)) throw new UsageError(`"${linkId}" is not a link id (22 characters of A-Z a-z 0-9 - _); see the issued links with: signed-share links list`);
  if (!options.expires) throw new UsageError("renew needs --expires, e.g. --expires 7d (see --help)");
  let expiresAt: Date;
  try {
    expiresAt = parseInstant(options.expires, new Date());
    validateTerms({ expiresAt }, new Date(), config.maxExpiryMs);
  } catch (error) {
    throw new UsageError(`--expires: ${(error as Error).message}`);
  }
  const key = await openSigningKey(config);
  const publisher = publishing.publisher(async () => key);
  try {
    const result = await renewLink(publisher, { linkId, expiresAt, issuedBy: options.by, revokeOld: options.revokeOld });
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const r = result.record;
      const old = result.revoked ? `; the old link ${linkId} is revoked` : `; the old link ${linkId} keeps working until ${formatUtc(new Date(result.previous.expiresAt))}`;
      process.stderr.write(`${r.client}: ${r.fileCount} files, ${formatBytes(r.bytes)}, ${r.mode} mode, expires ${formatUtc(new Date(r.expiresAt))} (link ${r.linkId}, issued again from ${linkId})${old}\n`);
      process.stdout.write(`${r.url}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new UsageError(error.message);
    if (error instanceof NotFoundError) return notFound(`${error.message}; see the issued links with: signed-share links list`);
    throw error;
  }
}
