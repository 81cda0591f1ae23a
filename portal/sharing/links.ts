import { LINK_STATUSES, type LinkRecord, type LinkStatus } from "../../lib/links/link-record.js";

export { LINK_STATUSES };

export function isLinkStatus(value: unknown): value is LinkStatus {
  return typeof value === "string" && (LINK_STATUSES as readonly string[]).includes(value);
}

/** A record with its status at `now`, as the links page and the API list it. */
export type ListedLink = LinkRecord & { status: LinkStatus };
