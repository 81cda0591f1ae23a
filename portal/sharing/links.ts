import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { isLinkId, validateClientName } from "../../lib/links/layout.js";
import { LINK_STATUSES, type LinkRecord, type LinkStatus } from "../../lib/links/link-record.js";
import type { LinkRecords } from "../../lib/links/link-records.js";

export { LINK_STATUSES };

export function isLinkStatus(value: unknown): value is LinkStatus {
  return typeof value === "string" && (LINK_STATUSES as readonly string[]).includes(value);
}

/** A record with its status at `now`, as the links page and the API list it. */
export type ListedLink = LinkRecord & { status: LinkStatus };

/** The record of a link id; `client`, when known, makes it one read instead of a listing. Throws NotFoundError. */
export async function findLink(records: LinkRecords, linkId: string, client?: string): Promise<LinkRecord> {
  if (!isLinkId(linkId)) throw new NotFoundError(`there is no link ${linkId}`, "link");
  let record: LinkRecord | undefined;
  if (client !== undefined && isValidClientName(client)) record = await records.get(client, linkId);
  record ??= await records.find(linkId);
  if (!record) throw new NotFoundError(`there is no link ${linkId}`, "link");
  return record;
}

function isValidClientName(client: string): boolean {
  try {
    validateClientName(client);
    return true;
  } catch (error) {
    if (error instanceof InvalidRequestError) return false;
    throw error;
  }
}
