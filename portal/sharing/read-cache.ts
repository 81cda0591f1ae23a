import type { CatalogFile } from "../../lib/publish/catalog.js";
import type { LinkRecord, LinkStatus } from "../../lib/publish/link-record.js";
import type { Publisher, PublishRequest } from "../../lib/publish/publisher.js";
import { PublishGate } from "./publish-gate.js";

/**
 * A client page lists the whole tree of a client with at most this many files; a bigger client's
 * page shows one folder at a time and loads the others on demand (docs/portal.md).
 */
export const FULL_TREE_LIMIT = 1000;

/** What a client folder holds, read up to FULL_TREE_LIMIT files: exact (with the files) or a lower bound. */
export interface ClientContents {
  fileCount: number;
  bytes: number;
  complete: boolean;
  files?: CatalogFile[];
}

/**
 * What the pages read and issue through. The small reads they repeat (a client's contents up to
 * FULL_TREE_LIMIT files, its active link count), shared by concurrent requests and kept for
 * `ttlMs`: a busy portal reads them once per interval instead of once per page view. Issuing and
 * revoking here drop the link counts at once; changes made elsewhere (another portal, the CLI, new
 * files) show within `ttlMs`. Publishing always lists afresh. Nothing here holds a whole list.
 */
export class ReadCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly gate: PublishGate;

  constructor(
    private readonly publisher: Publisher,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
    /** Publications at once: enough to keep the signing workers busy while others list and write. */
    concurrentPublications = 8,
  ) {
    this.gate = new PublishGate(concurrentPublications);
  }

  /** The client's files up to FULL_TREE_LIMIT (NotFoundError for an unknown client). */
  contents(client: string): Promise<ClientContents> {
    return this.get(`contents:${client}`, () => this.publisher.catalog.summary(client, FULL_TREE_LIMIT));
  }

  /** The client's active links, counted from the link index (no record read). */
  activeLinks(client: string): Promise<{ active: number; complete: boolean }> {
    return this.get(`active:${client}`, () => this.publisher.records.activeCount(client));
  }

  /** The client's newest links (its page's recent activity), from the link index. */
  recentLinks(client: string, limit: number): Promise<(LinkRecord & { status: LinkStatus })[]> {
    return this.get(`recent:${client}:${limit}`, async () => (await this.publisher.records.page({ client, limit })).links);
  }

  /** Publishes through the gate (a few at a time) and drops the cached link counts. */
  async publish(request: PublishRequest): Promise<LinkRecord> {
    const record = await this.gate.run(() => this.publisher.publish(request));
    this.linksChanged();
    return record;
  }

  /** Runs other publishing work (issuing a link again) through the same gate, then drops the cached link counts. */
  async gated<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(work);
    } finally {
      this.linksChanged();
    }
  }

  /** After a client was created or its files changed in this portal. */
  filesChanged(client: string): void {
    this.entries.delete(`contents:${client}`);
  }

  /** After an issue or a revocation in this portal. */
  linksChanged(): void {
    for (const key of this.entries.keys()) if (key.startsWith("active:") || key.startsWith("recent:")) this.entries.delete(key);
  }

  private get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed load is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > 1000) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
