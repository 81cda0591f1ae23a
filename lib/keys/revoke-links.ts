import type { LinkRecord } from "../links/link-record.js";
import { LinkRecords } from "../links/link-records.js";
import type { ObjectStore } from "../storage/object-store.js";

export interface RevokeLinksInput {
  keyPairIds: string[];
  rotationId: string;
  by: string;
  now: Date;
}

/**
 * Marks every link record signed by one of `keyPairIds` and not yet revoked as revoked by the
 * rotation. Records already revoked are left alone, so a re-run changes nothing; a damaged record
 * is left as it is. Returns how many it marked.
 */
export async function revokeLinksSignedBy(store: ObjectStore, input: RevokeLinksInput): Promise<number> {
  const removed = new Set(input.keyPairIds);
  const records = new LinkRecords({ store, clock: () => input.now });
  let marked = 0;
  for await (const record of records.each()) {
    if (record.revoked || !removed.has(record.keyPairId)) continue;
    const revoked: LinkRecord = {
      ...record,
      revoked: { at: input.now.toISOString(), by: input.by, reason: `key rotation ${input.rotationId}`, rotationId: input.rotationId },
    };
    await records.write(revoked, record);
    marked++;
  }
  return marked;
}
