import { InvalidRequestError, NotFoundError } from "../../errors.js";
import { isLinkId, validateClientName } from "../../links/layout.js";
import type { LinkRecord } from "../../links/link-record.js";
import type { Services } from "../services.js";

/** An id that names no link is not-found, whatever it holds (it never reaches a storage key). */
export function requireLinkId(linkId: string): string {
  if (!isLinkId(linkId)) throw new NotFoundError(`there is no link ${JSON.stringify(linkId)}: a link id is 22 characters of A-Z a-z 0-9 - _`, "link");
  return linkId;
}

/** The record of a link id; `client`, when known, makes it one read instead of a listing. */
export async function findLink(services: Services, linkId: string, client?: string): Promise<LinkRecord> {
  requireLinkId(linkId);
  let record: LinkRecord | undefined;
  if (client !== undefined && isClientName(client)) record = await services.records.get(client, linkId);
  record ??= await services.records.find(linkId);
  if (!record) throw new NotFoundError(`there is no link ${linkId}`, "link");
  return record;
}

function isClientName(client: string): boolean {
  try {
    validateClientName(client);
    return true;
  } catch (error) {
    if (error instanceof InvalidRequestError) return false;
    throw error;
  }
}
