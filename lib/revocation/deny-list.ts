/**
 * The revocation list the edge guard reads (docs/revocation.md): one entry per revoked link id, its
 * value the link's expiry, after which the entry is dead weight and pruned (the store has no TTL).
 * Two stores: a JSON file in the local data directory (local mode) and a CloudFront KeyValueStore.
 */
import { ShareError } from "../errors.js";

export interface DenyListEntry {
  linkId: string;
  /** ISO 8601: when the link's URLs expire anyway. */
  expiresAt: string;
}

export interface DenyListChange {
  puts: DenyListEntry[];
  /** Entries to remove, with their values so that the size check knows what they free. */
  deletes: DenyListEntry[];
}

export interface DenyList {
  /** "file:/srv/data/.signed-share/edge/deny-list.json" or "kvs:arn:aws:cloudfront::…". */
  readonly location: string;
  /** When the edge refuses an id once `update` returns: "at once" locally, "within about a minute" at CloudFront. */
  readonly takesEffect: string;
  entries(): Promise<DenyListEntry[]>;
  /** Writes puts and deletes; refuses with DenyListFullError, changing nothing, when the puts would not fit. */
  update(change: DenyListChange): Promise<void>;
}

/** When CloudFront's edge refuses an id written to its KeyValueStore (propagation is not documented). */
export const KVS_TAKES_EFFECT = "within about a minute (CloudFront copies KeyValueStore changes to its edge locations, usually in seconds)";

/** CloudFront KeyValueStore: 5 MB per store, keys up to 512 characters, values up to 1 KB. */
export const STORE_LIMIT_BYTES = 5 * 1024 * 1024;
/** Revocations stop a little before the hard limit, so a write never fails half way. */
export const STORE_BUDGET_BYTES = STORE_LIMIT_BYTES - 64 * 1024;

/** The list is (nearly) full: nothing was written. */
export class DenyListFullError extends ShareError {
  override readonly name = "DenyListFullError";
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("full", message, options);
  }
}

/** The bytes an entry takes in the store (key plus value, as the KeyValueStore counts them). */
export function entryBytes(entry: DenyListEntry): number {
  return Buffer.byteLength(entry.linkId) + Buffer.byteLength(entry.expiresAt);
}

/** Throws DenyListFullError when `currentBytes` changed by `change` would pass the budget. */
export function assertFits(currentBytes: number, change: DenyListChange, location: string): void {
  const after = currentBytes + sum(change.puts) - sum(change.deletes);
  if (change.puts.length === 0 || after <= STORE_BUDGET_BYTES) return;
  throw new DenyListFullError(
    `the revocation list ${location} is nearly full (${currentBytes} of ${STORE_LIMIT_BYTES} bytes, and no expired ids to prune): ` +
      "nothing was revoked. Revoke every link at once with `signed-share rotate-keys` (it empties the list of the old keys' links), then issue new links.",
  );
}

function sum(entries: DenyListEntry[]): number {
  return entries.reduce((total, entry) => total + entryBytes(entry), 0);
}
