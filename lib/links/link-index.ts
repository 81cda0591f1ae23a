import type { ObjectStore } from "../storage/object-store.js";
import { linkStatus, type LinkRecord, type LinkStatus } from "./link-record.js";

/**
 * The index of the link records, kept in the bucket beside them (docs/architecture.md#lists-by-cursor):
 * one empty object per link and view whose key sorts newest first and says everything a list needs
 * to filter by, so a page of a list is one listing request plus the records it shows, whatever the
 * number of links.
 *
 *   portal/link-index/all/<entry>/<client>        every link, newest first
 *   portal/link-index/clients/<client>/<entry>    one client's links, newest first
 *   portal/link-index/ids/<linkId>/<client>       where a link's record is
 *
 * <entry> is `<inverted issue time, 13 digits>_<linkId>_<expires, epoch s>_<not before, epoch s or 0>_<a|r>`
 * (r: revoked), so status filters need no record. The records stay the truth: a list reads each
 * record it shows and checks it again.
 */
export const LINK_INDEX_PREFIX = "portal/link-index/";
const ALL = `${LINK_INDEX_PREFIX}all/`;
const CLIENTS = `${LINK_INDEX_PREFIX}clients/`;
const IDS = `${LINK_INDEX_PREFIX}ids/`;
/** Written once the index holds every record (a store that had records before the index was built it once). */
export const LINK_INDEX_READY = `${LINK_INDEX_PREFIX}ready.json`;

const INVERT_FROM = 9_999_999_999_999;

/** What an index key says about a link. */
export interface IndexEntry {
  linkId: string;
  client: string;
  issuedAtMs: number;
  expiresAtS: number;
  notBeforeS: number;
  revoked: boolean;
  /** The key's part after the view's prefix: the cursor position. */
  position: string;
}

function entryName(record: Pick<LinkRecord, "issuedAt" | "linkId" | "expiresAt" | "notBefore">, revoked: boolean): string {
  const inverted = String(INVERT_FROM - Date.parse(record.issuedAt)).padStart(13, "0");
  const expires = Math.floor(Date.parse(record.expiresAt) / 1000);
  const notBefore = record.notBefore ? Math.floor(Date.parse(record.notBefore) / 1000) : 0;
  return `${inverted}_${record.linkId}_${expires}_${notBefore}_${revoked ? "r" : "a"}`;
}

function parseEntry(name: string): Omit<IndexEntry, "client" | "position"> | undefined {
  const match = /^(\d{13})_([A-Za-z0-9_-]{22})_(\d+)_(\d+)_([ar])$/.exec(name);
  if (!match) return undefined;
  return { issuedAtMs: INVERT_FROM - Number(match[1]), linkId: match[2]!, expiresAtS: Number(match[3]), notBeforeS: Number(match[4]), revoked: match[5] === "r" };
}

/** The status a key alone says (the record may say revoked when a crash came between its write and the key's). */
export function entryStatus(entry: IndexEntry, now: Date): LinkStatus {
  return linkStatus(
    {
      linkId: entry.linkId,
      expiresAt: new Date(entry.expiresAtS * 1000).toISOString(),
      ...(entry.notBeforeS ? { notBefore: new Date(entry.notBeforeS * 1000).toISOString() } : {}),
      ...(entry.revoked ? { revoked: { at: "", by: "", reason: "" } } : {}),
    } as LinkRecord,
    now,
  );
}

/** What a record's index entries are made of: a new link has them before its record exists. */
export type IndexedFields = Pick<LinkRecord, "client" | "linkId" | "issuedAt" | "expiresAt" | "notBefore" | "revoked">;

export class LinkIndex {
  constructor(private readonly store: ObjectStore) {}

  /** The keys of a record's entries, in the state the record is in. */
  keys(record: IndexedFields): string[] {
    const name = entryName(record, record.revoked !== undefined);
    return [`${ALL}${name}/${record.client}`, `${CLIENTS}${record.client}/${name}`, `${IDS}${record.linkId}/${record.client}`];
  }

  /** Adds a new link (before its record is written, so no record is ever missing from the index). */
  async add(record: IndexedFields): Promise<void> {
    // Every write settles before a failure is reported, so that undoing them never races one still in flight.
    const results = await Promise.allSettled(this.keys(record).map((key) => this.store.put(key, "")));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Brings the entries in line with a record that changed state (revoked): the new keys first, then the old ones go. */
  async update(record: LinkRecord): Promise<void> {
    if (!record.revoked) return;
    await this.add(record);
    const active = entryName(record, false);
    await Promise.all([this.store.delete(`${ALL}${active}/${record.client}`), this.store.delete(`${CLIENTS}${record.client}/${active}`)]);
  }

  /** Removes a link that was never published (its pending record is deleted). */
  async remove(record: IndexedFields): Promise<void> {
    const keys = [...this.keys({ ...record, revoked: undefined }), ...this.keys({ ...record, revoked: { at: "", by: "", reason: "" } })];
    await Promise.all([...new Set(keys)].map((key) => this.store.delete(key)));
  }

  /** The client a link id belongs to (one listing request), or undefined. */
  async clientOf(linkId: string): Promise<string | undefined> {
    const page = await this.store.list({ prefix: `${IDS}${linkId}/`, maxKeys: 1 });
    return page.objects[0]?.key.slice(IDS.length + linkId.length + 1);
  }

  /**
   * Entries newest first (of one client when given), starting after `after` (a position this method
   * returned), one listing page at a time. A link listed twice (a crash between the two writes of a
   * revocation) comes once, revoked.
   */
  async *entries(options: { client?: string; after?: string } = {}): AsyncGenerator<IndexEntry, void, undefined> {
    const prefix = options.client === undefined ? ALL : `${CLIENTS}${options.client}/`;
    let startAfter = options.after === undefined ? undefined : `${prefix}${options.after}`;
    let token: string | undefined;
    let previous: IndexEntry | undefined;
    do {
      const page = await this.store.list({ prefix, ...(token ? { token } : startAfter ? { startAfter } : {}) });
      for (const object of page.objects) {
        const rest = object.key.slice(prefix.length);
        const slash = rest.indexOf("/");
        const name = options.client === undefined ? rest.slice(0, slash) : rest;
        const parsed = slash < 0 && options.client === undefined ? undefined : parseEntry(name);
        if (!parsed) continue;
        const entry: IndexEntry = { ...parsed, client: options.client ?? rest.slice(slash + 1), position: rest };
        // "…_a" sorts before "…_r": hold an active entry back until the next shows it is not revoked too.
        if (previous && previous.linkId !== entry.linkId) yield previous;
        previous = entry;
      }
      token = page.nextToken;
      startAfter = undefined;
    } while (token);
    if (previous) yield previous;
  }

  async ready(): Promise<boolean> {
    return (await this.store.head(LINK_INDEX_READY)) !== undefined;
  }

  async markReady(count: number, at: Date): Promise<void> {
    await this.store.put(LINK_INDEX_READY, `${JSON.stringify({ version: 1, builtAt: at.toISOString(), records: count })}\n`, { contentType: "application/json" });
  }
}
