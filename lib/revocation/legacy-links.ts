import type { LinkRecord } from "../links/link-record.js";
import { LINK_ID_PARAM } from "../links/link-id-param.js";

/**
 * Whether the link's URLs carry its id as `l` (docs/revocation.md). Links issued before link ids do
 * not: their page URL, and every file URL on the page, have the signing parameters only.
 */
export function carriesLinkId(record: Pick<LinkRecord, "url" | "linkId">): boolean {
  try {
    return new URL(record.url).searchParams.get(LINK_ID_PARAM) === record.linkId;
  } catch {
    return false;
  }
}

export interface LegacyLinks {
  /** Recorded links whose URLs carry no id. */
  withoutId: number;
  /** Of those, the ones the edge would still serve at `now` (not expired, not revoked), latest expiry first. */
  valid: { linkId: string; client: string; expiresAt: string }[];
  /**
   * The value for the stack setting legacyLinksUntil (SHARE_LEGACY_LINKS_UNTIL locally): the latest
   * expiry among the valid ones, so that each works until it expires and not a second longer;
   * undefined when none is valid (the guard then needs no such setting).
   */
  legacyLinksUntil?: string;
}

/** What deploying the edge guard does to the recorded links that carry no id (docs/deploy.md#upgrading-a-stack-with-live-links). */
export function legacyLinks(records: Iterable<LinkRecord>, now: Date): LegacyLinks {
  let withoutId = 0;
  const valid: LegacyLinks["valid"] = [];
  for (const record of records) {
    if (carriesLinkId(record)) continue;
    withoutId++;
    if (record.revoked || !(new Date(record.expiresAt) > now)) continue;
    valid.push({ linkId: record.linkId, client: record.client, expiresAt: new Date(record.expiresAt).toISOString() });
  }
  valid.sort((a, b) => (a.expiresAt < b.expiresAt ? 1 : a.expiresAt > b.expiresAt ? -1 : 0));
  return { withoutId, valid, ...(valid[0] ? { legacyLinksUntil: valid[0].expiresAt } : {}) };
}
