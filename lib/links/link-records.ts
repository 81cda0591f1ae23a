import type { Clock } from "../clock.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { DamagedRecordError, JsonCollection } from "../storage/json-collection.js";
import { NotFoundError, ShareError } from "../errors.js";
import type { Invalidator } from "./invalidator.js";
import { encodeKeyPath } from "../signing/object-url.js";
import { pagePath } from "./layout.js";
import { linkRecordsPrefix, linkStatus, type LinkRecord, type LinkStatus } from "./link-record.js";
import { linkRecordSchema } from "./link-record-schema.js";
import { entryStatus, LINK_INDEX_VERSION, LinkIndex, linkKind, linkPosition, type IndexEntry, type IndexedFields, type LinkKind } from "../links/link-index.js";
import { checkSearch, recordMatches } from "./link-label.js";
import { InvalidRequestError } from "../errors.js";
import type { DenyList } from "../revocation/deny-list.js";
import { denyLink } from "../revocation/prune.js";

export interface LinkRecordsDeps {
  store: ObjectStore;
  clock: Clock;
  invalidator?: Invalidator;
  /** The revocation list the edge guard reads; without it a revocation deletes the page only. */
  denyList?: DenyList;
  /** Told about each damaged record a listing skips (it names the object and the problem). */
  onDamaged?(key: string, problem: string): void;
}

/** What the edge does with the revoked link's URLs. */
export interface EdgeRevocation {
  /** The id is in the revocation list (false only for a link that had expired anyway). */
  listed: boolean;
  /** When the edge refuses its URLs: "at once" locally, "within about a minute" at CloudFront. */
  takesEffect: string;
  /** Expired ids removed from the list in the same write. */
  pruned: number;
}

export interface RevokeResult {
  record: LinkRecord;
  /** The link had been revoked before; the page was deleted (again) and the record left as it was. */
  alreadyRevoked: boolean;
  /** Whether a CDN invalidation was requested (only when an invalidator is configured). */
  invalidated: boolean;
  /** Absent when no revocation list is configured: then the file URLs keep working until they expire. */
  edge?: EdgeRevocation;
}

/** Revocation finished in the store but the CDN invalidation failed; revoking again retries it. */
export class InvalidationFailedError extends ShareError {
  override readonly name = "InvalidationFailedError";
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("upstream", message, options);
  }
}

const READ_CONCURRENCY = 8;

/**
 * A page's cursor: where its last link sorts in the index (linkPosition), opaque to callers; one of
 * the list of all links ends in "/", so that it is not taken for one of a client's list.
 */
function encodeCursor(position: string, client: string | undefined): string {
  return Buffer.from(client === undefined ? `${position}/` : position, "utf8").toString("base64url");
}

function decodeCursor(cursor: string, client: string | undefined): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const valid = /^\d{13}_[A-Za-z0-9_-]{22}\/?$/.test(text) && text.endsWith("/") === (client === undefined) && Buffer.from(text, "utf8").toString("base64url") === cursor;
  if (!valid) throw new InvalidRequestError("cursor: not one this list handed out (pass back the `next` of the previous page, with the same client)", { field: "cursor" });
  return text.replace(/\/$/, "");
}

/** The items of an async iterable in arrays of `size`. */
async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** One page of a list of links (docs/architecture.md#lists-by-cursor). */
export interface LinkPageQuery {
  /** Only this client's links. */
  client?: string;
  status?: LinkStatus;
  /** Only links of this kind (file requests, or links that share files): decided from the index keys, so the others are never read. */
  kind?: LinkKind;
  /** Links per page (default 50, at most 1,000). */
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
  /**
   * Only links whose id, client, label or a recipient holds this text (any case): tested on the
   * index entries first, so only the records that match (or whose entry's text was cut) are read.
   */
  search?: string;
  /** A further test on each record: records it refuses are read but not listed. */
  match?: (record: LinkRecord) => boolean;
  /** Records read at most for one page (default 20 × limit): a page may come back short, with `next` to go on. */
  maxReads?: number;
  /** Index entries looked at most for one page (default 50,000): a search over a huge index comes back in steps. */
  maxEntries?: number;
}

export interface LinkPage {
  /** Newest first, each with its status now. */
  links: (LinkRecord & { status: LinkStatus })[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** The audit log of issued links under portal/links/: list, read, write, revoke; an index beside it serves the lists by page. */
export class LinkRecords {
  readonly index: LinkIndex;
  private indexBuilt: Promise<void> | undefined;
  /** One JSON collection per client folder of records (portal/links/<client>/), made on first use. */
  private readonly collections = new Map<string, JsonCollection<typeof linkRecordSchema>>();

  constructor(private readonly deps: LinkRecordsDeps) {
    this.index = new LinkIndex(deps.store);
  }

  /**
   * A new link's first record: its index entries first, so no record is ever missing from the lists.
   * `indexed`: the publisher wrote the entries already (indexNew, while it listed the files).
   */
  async create(record: LinkRecord, options: { indexed?: boolean } = {}): Promise<void> {
    try {
      if (!options.indexed) await this.index.add(record);
      await this.write(record);
    } catch (error) {
      await this.index.remove(record).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The index entries of a link about to be published, written while its files are listed so the
   * record's write does not wait for them (a list skips an entry whose record is not written yet).
   * Until the record exists, only the active-link count (activeCount) counts it. Undo with `unindex`.
   */
  indexNew(fields: IndexedFields): Promise<void> {
    return this.index.add(fields);
  }

  /** Removes the entries of a link whose publication failed before its record was written. */
  unindex(fields: IndexedFields): Promise<void> {
    return this.index.remove(fields);
  }

  /**
   * Writes a record; its index entries follow what changed since `previous` (revoked, label,
   * recipients). Without `previous` only a revocation moves them.
   */
  async write(record: LinkRecord, previous?: LinkRecord): Promise<void> {
    // The schema is the tolerant reading of LinkRecord (lib/links/link-record-schema.ts): every LinkRecord passes it.
    await this.collection(record.client).put(record.linkId, record as unknown as Parameters<JsonCollection<typeof linkRecordSchema>["put"]>[1]);
    if (previous || record.revoked) await this.index.update(record, previous);
  }

  /** Deletes the record of a link that was never published, with its index entries. */
  async remove(record: LinkRecord): Promise<void> {
    await this.collection(record.client).delete(record.linkId);
    await this.index.remove(record);
  }

  /**
   * One page of links, newest first, of one client or all, by status: one listing of the index,
   * then only the records the page shows (and those a `match` refuses). Never reads every record,
   * except once, to build the index of a store whose records predate it.
   */
  async page(query: LinkPageQuery = {}): Promise<LinkPage> {
    await this.ensureIndex();
    const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT));
    let reads = query.maxReads ?? limit * 20;
    let looked = query.maxEntries ?? 50_000;
    const now = this.deps.clock();
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.client);
    const search = query.search === undefined || query.search.trim() === "" ? undefined : checkSearch(query.search);
    const match = search === undefined && !query.match ? undefined : (record: LinkRecord) => (search === undefined || recordMatches(record, search)) && (!query.match || query.match(record));
    const links: LinkPage["links"] = [];
    let last: string | undefined;
    const entries = this.index.entries({ ...(query.client !== undefined ? { client: query.client } : {}), ...(after !== undefined ? { after } : {}) });
    const batch: IndexEntry[] = [];
    let more = false;
    const flush = async (): Promise<boolean> => {
      // A damaged record is left out of the page (and told to onDamaged); reading it alone says what is wrong.
      const records = await Promise.all(batch.map((entry) => this.get(entry.client, entry.linkId).catch((error: unknown) => this.skipDamaged(error))));
      for (let i = 0; i < batch.length; i++) {
        const record = records[i];
        const status = record && linkStatus(record, now);
        if (record && (!query.status || status === query.status) && (!query.kind || linkKind(record) === query.kind) && (!match || match(record))) {
          if (links.length === limit) {
            more = true; // one more than the page holds: there is a next page
            break;
          }
          links.push({ ...record, status: status! });
        }
        last = linkPosition({ issuedAt: new Date(batch[i]!.issuedAtMs).toISOString(), linkId: batch[i]!.linkId });
      }
      batch.length = 0;
      return links.length === limit && more;
    };
    for await (const entry of entries) {
      // The key tells the status (a record checked below may still say revoked after a crash between the two writes).
      if (query.status && entryStatus(entry, now) !== query.status) continue;
      if (query.kind && entry.kind !== undefined && entry.kind !== query.kind) continue;
      if (search !== undefined && !entryMayMatch(entry, search)) {
        if (--looked <= 0) {
          if (batch.length > 0 && (await flush())) break;
          if (links.length < limit) {
            more = true;
            last = linkPosition({ issuedAt: new Date(entry.issuedAtMs).toISOString(), linkId: entry.linkId });
          }
          break;
        }
        continue;
      }
      if (links.length === limit && !match) {
        more = true; // the index alone shows there is more
        break;
      }
      batch.push(entry);
      reads--;
      // Without a search every entry the index lets through is shown (bar a crash's leftovers): read no more than the page still needs.
      const wanted = match ? READ_CONCURRENCY * 2 : Math.min(READ_CONCURRENCY * 2, limit - links.length);
      if (batch.length >= wanted || reads <= 0) {
        if (await flush()) break;
        if (reads <= 0) {
          more = true;
          break;
        }
      }
    }
    if (batch.length > 0) await flush();
    await entries.return();
    return { links, ...(more && last !== undefined ? { next: encodeCursor(last, query.client) } : {}) };
  }

  /** How many of a client's links are active now, from the index alone (no record read); counts stop at `limit`. */
  async activeCount(client: string, limit = 1000): Promise<{ active: number; complete: boolean }> {
    await this.ensureIndex();
    const now = this.deps.clock();
    let active = 0;
    for await (const entry of this.index.entries({ client })) {
      if (entryStatus(entry, now) !== "active") continue;
      if (active === limit) return { active, complete: false };
      active++;
    }
    return { active, complete: true };
  }

  /** Builds the index from the records once, for a store whose records were written before it existed. */
  ensureIndex(): Promise<void> {
    this.indexBuilt ??= (async () => {
      const version = await this.index.version();
      if (version !== undefined && version >= LINK_INDEX_VERSION) return;
      // None yet, or one whose entries lack the search text or the kind: every record's entries written (again), then the old ones go.
      let count = 0;
      for await (const batch of chunks(listAll(this.deps.store, linkRecordsPrefix), READ_CONCURRENCY * 2)) {
        const records = await Promise.all(batch.filter((o) => o.key.endsWith(".json")).map((o) => this.read(o.key).catch(() => undefined)));
        await Promise.all(records.map((record) => (record && typeof record.linkId === "string" ? this.index.add(record) : undefined)));
        count += records.length;
      }
      if (version !== undefined) await this.index.dropOutdatedEntries();
      await this.index.markReady(count, this.deps.clock());
    })().catch((error: unknown) => {
      this.indexBuilt = undefined;
      throw error;
    });
    return this.indexBuilt;
  }

  /** The record; undefined when there is none. A damaged one is a DamagedRecordError naming the object, which stays as it is. */
  async get(client: string, linkId: string): Promise<LinkRecord | undefined> {
    return (await this.collection(client).get(linkId)) as LinkRecord | undefined;
  }

  /** The record of a link id, whichever client it belongs to: one listing of the index, else (a link it lacks) of the records. */
  async find(linkId: string): Promise<LinkRecord | undefined> {
    const client = await this.index.clientOf(linkId);
    const record = client === undefined ? undefined : await this.get(client, linkId);
    if (record) return record;
    for await (const object of listAll(this.deps.store, linkRecordsPrefix)) {
      if (object.key.endsWith(`/${linkId}.json`)) return this.read(object.key);
    }
    return undefined;
  }

  /** Every record (of one client, when given), in storage order, read a batch at a time; damaged ones are skipped (and told to onDamaged). */
  async *each(client?: string): AsyncGenerator<LinkRecord> {
    let keys: string[] = [];
    const readBatch = async () => {
      const batch = await Promise.all(keys.map((key) => this.read(key).catch((error: unknown) => this.skipDamaged(error))));
      keys = [];
      return batch.filter((record): record is LinkRecord => record !== undefined);
    };
    for await (const object of listAll(this.deps.store, client === undefined ? linkRecordsPrefix : `${linkRecordsPrefix}${client}/`)) {
      if (!object.key.endsWith(".json")) continue;
      keys.push(object.key);
      if (keys.length === READ_CONCURRENCY) yield* await readBatch();
    }
    yield* await readBatch();
  }

  /** Every record (of one client, when given), newest first. */
  async list(client?: string): Promise<LinkRecord[]> {
    const records: LinkRecord[] = [];
    for await (const record of this.each(client)) records.push(record);
    return records.sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0));
  }

  /**
   * Puts the link id into the edge's revocation list (when configured), then deletes the link's
   * page, marks its record revoked, and invalidates the page's path when an invalidator is
   * configured. The list comes first: if it refuses (full), nothing else has changed. Revoking
   * again is safe: it writes, deletes and invalidates again.
   */
  async revoke(linkId: string, by: string): Promise<RevokeResult> {
    const record = await this.find(linkId);
    if (!record) throw new NotFoundError(`there is no link ${linkId}`, "link");
    let edge: EdgeRevocation | undefined;
    if (this.deps.denyList) {
      const written = await denyLink(this.deps.denyList, { linkId: record.linkId, expiresAt: record.expiresAt }, this.deps.clock());
      edge = { ...written, takesEffect: this.deps.denyList.takesEffect };
    }
    const withEdge = edge ? { edge } : {};
    await this.deps.store.delete(record.pageKey);
    for (const key of record.pageObjects ?? []) await this.deps.store.delete(key);
    const alreadyRevoked = record.revoked !== undefined;
    if (!alreadyRevoked) {
      const before = { ...record };
      record.revoked = { at: this.deps.clock().toISOString(), by, reason: `revoked by ${by}` };
      await this.write(record, before);
    }
    if (!this.deps.invalidator) return { record, alreadyRevoked, invalidated: false, ...withEdge };
    try {
      // The page, and the manifest and download list of a page for many files ("<client>/_links/<id>.*"), by exact path: wildcards have a small quota.
      const page = pagePath(record.client, record.linkId);
      const objects = (record.pageObjects ?? []).map((key) => `${page.slice(0, page.lastIndexOf("/") + 1)}${key.slice(key.lastIndexOf("/") + 1)}`);
      await this.deps.invalidator.invalidate([page, ...objects].map((path) => `/${encodeKeyPath(path)}`));
    } catch (error) {
      throw new InvalidationFailedError(
        `link ${linkId} is revoked (page deleted, record marked) but the CloudFront invalidation failed: ${(error as Error).message}. Revoke it again to retry the invalidation.`,
        { cause: error },
      );
    }
    return { record, alreadyRevoked, invalidated: true, ...withEdge };
  }

  /**
   * Reads the record afresh, applies `change` and writes it back, so that what other writers
   * (a revocation) changed just before is kept. Throws NotFoundError when the record is gone.
   */
  async update(client: string, linkId: string, change: (record: LinkRecord) => LinkRecord): Promise<LinkRecord> {
    const current = await this.get(client, linkId);
    if (!current) throw new NotFoundError(`there is no link ${linkId}`, "link");
    const next = change(current);
    await this.write(next, current);
    return next;
  }

  /** The record at an object key under portal/links/ (from a listing): its client's collection reads it. */
  private async read(key: string): Promise<LinkRecord | undefined> {
    const path = key.slice(linkRecordsPrefix.length, -".json".length);
    const slash = path.lastIndexOf("/");
    if (!key.startsWith(linkRecordsPrefix) || !key.endsWith(".json") || slash <= 0) return undefined;
    return this.get(path.slice(0, slash), path.slice(slash + 1));
  }

  private collection(client: string): JsonCollection<typeof linkRecordSchema> {
    let collection = this.collections.get(client);
    if (!collection) {
      collection = new JsonCollection(this.deps.store, { prefix: `${linkRecordsPrefix}${client}/`, schema: linkRecordSchema });
      this.collections.set(client, collection);
    }
    return collection;
  }

  private skipDamaged(error: unknown): undefined {
    if (!(error instanceof DamagedRecordError)) throw error;
    this.deps.onDamaged?.(error.key, error.message);
    return undefined;
  }
}

/** Whether an index entry may be of a link the search matches: its id, client or text holds it, or its text is cut or missing (read the record). */
function entryMayMatch(entry: IndexEntry, search: string): boolean {
  if (entry.text === undefined || entry.cut) return true;
  return entry.linkId.toLowerCase().includes(search) || entry.client.toLowerCase().includes(search) || entry.text.includes(search);
}
