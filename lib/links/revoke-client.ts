import type { Clock } from "../clock.js";
import { linkStatus } from "./link-record.js";
import type { LinkRecords, RevokeResult } from "./link-records.js";

export interface RevokeClientResult {
  client: string;
  revoked: RevokeResult[];
  failed: { linkId: string; error: Error }[];
}

/**
 * Revokes every active link of one client, one at a time through the same path as revoking one
 * link by hand (`revoke`), and keeps going when one fails. Expired and already revoked links are
 * left as they are. Other clients' links are untouched: no key rotation.
 */
export async function revokeClientLinks(
  records: LinkRecords,
  client: string,
  by: string,
  clock: Clock,
  revoke: (linkId: string, by: string) => Promise<RevokeResult> = (linkId, who) => records.revoke(linkId, who),
): Promise<RevokeClientResult> {
  const now = clock();
  const active = (await records.list(client)).filter((record) => linkStatus(record, now) === "active");
  const result: RevokeClientResult = { client, revoked: [], failed: [] };
  for (const record of active) {
    try {
      result.revoked.push(await revoke(record.linkId, by));
    } catch (error) {
      result.failed.push({ linkId: record.linkId, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return result;
}
