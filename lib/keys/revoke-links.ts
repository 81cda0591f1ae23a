import type { LinkRecord } from "../publish/link-record.js";
import { linkRecordsPrefix } from "../publish/link-record.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";

export interface RevokeLinksInput {
  keyPairIds: string[];
  rotationId: string;
  by: string;
  now: Date;
}

/**
 * Marks every link record signed by one of `keyPairIds` and not yet revoked as revoked by the
 * rotation. Records already revoked are left alone, so a re-run changes nothing. Returns how many it marked.
 */
export async function revokeLinksSignedBy(store: ObjectStore, input: RevokeLinksInput): Promise<number> {
  const removed = new Set(input.keyPairIds);
  let marked = 0;
  for await (const object of listAll(store, linkRecordsPrefix)) {
    if (!object.key.endsWith(".json")) continue;
    const found = await store.get(object.key);
    if (!found) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of found.body) chunks.push(Buffer.from(chunk as Uint8Array));
    let record: LinkRecord;
    try {
      record = JSON.parse(Buffer.concat(chunks).toString("utf8")) as LinkRecord;
    } catch {
      continue; // not a link record this code can read; leave it as it is
    }
    if (record.revoked || !removed.has(record.keyPairId)) continue;
    const revoked: LinkRecord = {
      ...record,
      revoked: { at: input.now.toISOString(), by: input.by, reason: `key rotation ${input.rotationId}`, rotationId: input.rotationId },
    };
    await store.put(object.key, `${JSON.stringify(revoked, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
    marked++;
  }
  return marked;
}
