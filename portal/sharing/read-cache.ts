import type { LinkRecord, LinkStatus } from "../../lib/links/link-record.js";
import type { LinkRecords } from "../../lib/links/link-records.js";
import type { Catalog, ClientContents } from "../../lib/publishing/catalog.js";
import { FULL_TREE_LIMIT, type ClientReads } from "../../lib/ops/clients/clients-page.js";

/**
 * What the pages read through. The small reads they repeat (a client's contents up to
 * FULL_TREE_LIMIT files, its active link count, its newest links), shared by concurrent requests
 * and kept for `ttlMs`: a busy portal reads them once per interval instead of once per page view.
 * Changes made through this portal drop them at once; changes made elsewhere (another portal, the
 * CLI, new files) show within `ttlMs`. Operations always read afresh. Nothing here holds a whole list.
 */
export class ReadCache implements ClientReads {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly sources: { catalog: Catalog; records: LinkRecords },
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The client's files up to FULL_TREE_LIMIT (NotFoundError for an unknown client). */
  contents(client: string): Promise<ClientContents> {
    return this.get(`contents:${client}`, () => this.sources.catalog.summary(client, FULL_TREE_LIMIT));
  }

  /** The client's active links, counted from the link index (no record read). */
  activeLinks(client: string): Promise<{ active: number; complete: boolean }> {
    return this.get(`active:${client}`, () => this.sources.records.activeCount(client));
  }

  /** The client's newest links (its page's recent activity), from the link index. */
  recentLinks(client: string, limit: number): Promise<(LinkRecord & { status: LinkStatus })[]> {
    return this.get(`recent:${client}:${limit}`, async () => (await this.sources.records.page({ client, limit })).links);
  }

  /** After any change made through this portal (an operation that changes state). */
  changed(): void {
    this.entries.clear();
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
