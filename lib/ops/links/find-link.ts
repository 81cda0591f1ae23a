import { InvalidRequestError, NotFoundError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import type { LinkRecord } from "../../links/link-record.js";
import type { Services } from "../services.js";

/** The record of a link id; `client`, when known, makes it one read instead of a listing. */
export async function findLink(services: Services, linkId: string, client?: string): Promise<LinkRecord> {
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
