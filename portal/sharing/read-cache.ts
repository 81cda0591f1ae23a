import type { CatalogFile, ClientSummary } from "../../lib/publishing/catalog.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import type { Publisher, PublishRequest } from "../../lib/publishing/publisher.js";
import { PublishGate } from "./publish-gate.js";

/**
 * What the pages read and issue through. The listings they show (clients, a client's files, link records), shared by concurrent
 * requests and kept for `ttlMs`: a busy portal lists the bucket once per interval instead of once
 * per page view. Issuing and revoking here drop the link records at once; changes made elsewhere
 * (another portal, the CLI, new files) show within `ttlMs`. Publishing always lists afresh.
 */
export class ReadCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly gate = new PublishGate(1);

  constructor(
    private readonly publisher: Publisher,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  clients(): Promise<ClientSummary[]> {
    return this.get("clients", () => this.publisher.catalog.clients());
  }

  files(client: string): Promise<CatalogFile[]> {
    return this.get(`files:${client}`, () => this.publisher.catalog.files(client));
  }

  /** Every link record, newest first. */
  records(): Promise<LinkRecord[]> {
    return this.get("records", () => this.publisher.records.list());
  }

  /** Publishes through the gate (a few at a time) and drops the cached link records. */
  async publish(request: PublishRequest): Promise<LinkRecord> {
    const record = await this.gate.run(() => this.publisher.publish(request));
    this.linksChanged();
    return record;
  }

  /** Runs other publishing work (issuing a link again) through the same gate, then drops the cached link records. */
  async gated<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(work);
    } finally {
      this.linksChanged();
    }
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
