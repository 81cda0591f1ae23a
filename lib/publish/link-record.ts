/**
 * The audit record of one issued link, kept at `portal/links/<client>/<linkId>.json` (DESIGN.md section 4).
 * Written once when the link is published; revocation adds the `revoked` block and nothing else changes.
 */
export interface LinkRecord {
  /** Random, URL-safe id; also the page's file name under the client's reserved folder. */
  linkId: string;
  client: string;
  /** The signed URL of the index page: the one link sent to the client. */
  url: string;
  /** Object key of the index page. */
  pageKey: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  notBefore?: string;
  ipRange?: string;
  keyPairId: string;
  hashAlgorithm: "SHA1" | "SHA256";
  mode: "per-file" | "folder";
  /** What the link covers: sub-folders ("exports/") and files; absent for the whole folder. */
  selection?: string[];
  /** The link this one was issued again from (same client and selection, new expiry). */
  renewedFrom?: string;
  fileCount: number;
  bytes: number;
  revoked?: {
    at: string;
    by: string;
    /** "revoked by NAME" for one link; "key rotation <rotationId>" when a rotation revoked every link. */
    reason: string;
    rotationId?: string;
  };
}

export type LinkStatus = "active" | "expired" | "revoked";

export function linkStatus(record: LinkRecord, now: Date): LinkStatus {
  if (record.revoked) return "revoked";
  return new Date(record.expiresAt) <= now ? "expired" : "active";
}

export const linkRecordsPrefix = "portal/links/";

export function linkRecordKey(client: string, linkId: string): string {
  return `${linkRecordsPrefix}${client}/${linkId}.json`;
}
