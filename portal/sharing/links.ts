import { LINK_STATUSES, linkStatus, type LinkRecord, type LinkStatus } from "../../lib/links/link-record.js";

export { LINK_STATUSES };

export function isLinkStatus(value: unknown): value is LinkStatus {
  return typeof value === "string" && (LINK_STATUSES as readonly string[]).includes(value);
}

/** A record with its status at `now`, as the links page and the API list it. */
export type ListedLink = LinkRecord & { status: LinkStatus };

/** The records (newest first) with their status at `now`, optionally of one client and one status only. */
export function listLinks(all: readonly LinkRecord[], now: Date, filter: { client?: string; status?: LinkStatus } = {}): ListedLink[] {
  const listed: ListedLink[] = [];
  for (const record of all) {
    if (filter.client !== undefined && record.client !== filter.client) continue;
    const status = linkStatus(record, now);
    if (!filter.status || status === filter.status) listed.push({ ...record, status });
  }
  return listed;
}

/** Active links per client. */
export function activeCounts(links: readonly ListedLink[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const link of links) if (link.status === "active") counts.set(link.client, (counts.get(link.client) ?? 0) + 1);
  return counts;
}
