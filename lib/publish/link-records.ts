import type { Clock } from "../clock.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { NotFoundError } from "./errors.js";
import type { Invalidator } from "./invalidator.js";
import { encodeKeyPath } from "../signing/object-url.js";
import { pagePath } from "./layout.js";
import { linkRecordKey, linkRecordsPrefix, type LinkRecord } from "./link-record.js";
import type { DenyList } from "../revocation/deny-list.js";
import { denyLink } from "../revocation/prune.js";

export interface LinkRecordsDeps {
  store: ObjectStore;
  clock: Clock;
  invalidator?: Invalidator;
  /** The revocation list the edge guard reads; without it a revocation deletes the page only. */
  denyList?: DenyList;
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
export class InvalidationFailedError extends Error {
  override readonly name = "InvalidationFailedError";
}

const READ_CONCURRENCY = 8;

/** The audit log of issued links under portal/links/: list, read, write, revoke. */
export class LinkRecords {
  constructor(private readonly deps: LinkRecordsDeps) {}

  async write(record: LinkRecord): Promise<void> {
    await this.deps.store.put(linkRecordKey(record.client, record.linkId), `${JSON.stringify(record, null, 2)}\n`, {
      contentType: "application/json",
      cacheControl: "no-store",
    });
  }

  async get(client: string, linkId: string): Promise<LinkRecord | undefined> {
    return this.read(linkRecordKey(client, linkId));
  }

  /** The record of a link id, whichever client it belongs to. */
  async find(linkId: string): Promise<LinkRecord | undefined> {
    for await (const object of listAll(this.deps.store, linkRecordsPrefix)) {
      if (object.key.endsWith(`/${linkId}.json`)) return this.read(object.key);
    }
    return undefined;
  }

  /** Every record (of one client, when given), newest first. */
  async list(client?: string): Promise<LinkRecord[]> {
    const keys: string[] = [];
    for await (const object of listAll(this.deps.store, client === undefined ? linkRecordsPrefix : `${linkRecordsPrefix}${client}/`)) {
      if (object.key.endsWith(".json")) keys.push(object.key);
    }
    const records: LinkRecord[] = [];
    for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
      const batch = await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((key) => this.read(key)));
      for (const record of batch) if (record) records.push(record);
    }
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
      record.revoked = { at: this.deps.clock().toISOString(), by, reason: `revoked by ${by}` };
      await this.write(record);
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
    await this.write(next);
    return next;
  }

  private async read(key: string): Promise<LinkRecord | undefined> {
    const body = await readText(this.deps.store, key);
    if (body === undefined) return undefined;
    try {
      return JSON.parse(body) as LinkRecord;
    } catch {
      throw new Error(`the link record ${key} in ${this.deps.store.location} is not JSON`);
    }
  }
}
