import type { LinkRecord } from "../../lib/links/link-record.js";
import type { LinkRecords } from "../../lib/links/link-records.js";
import type { Catalog, CatalogFile, ClientSummary } from "../../lib/publishing/catalog.js";

/**
 * What the pages read through. The listings they show (clients, a client's files, link records), shared by concurrent
 * requests and kept for `ttlMs`: a busy portal lists the bucket once per interval instead of once
 * per page view. Changes made through this portal drop them at once; changes made elsewhere
 * (another portal, the CLI, new files) show within `ttlMs`. Operations always read afresh.
 */
export class ReadCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly sources: { catalog: Catalog; records: LinkRecords },
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  clients(): Promise<ClientSummary[]> {
    return this.get("clients", () => this.sources.catalog.clients());
  }

  files(client: string): Promise<CatalogFile[]> {
    return this.get(`files:${client}`, () => this.sources.catalog.files(client));
  }

  /** Every link record, newest first. */
  records(): Promise<LinkRecord[]> {
    return this.get("records", () => this.sources.records.list());
  }

  /** After any change made through this portal (an operation that changes state). */
  changed(): void {
    this.entries.clear();
  }

  /** After a client was created or its files changed in this portal. */
  filesChanged(client: string): void {
    this.entries.delete("clients");
    this.entries.delete(`files:${client}`);
  }

  /** After an issue or a revocation in this portal. */
  linksChanged(): void {
    this.entries.delete("records");
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
