/**
 * Walks left open between the pages of a listing, so that the next page continues the same walk
 * instead of starting a new one (docs/architecture.md#bucket-layout). Keyed by the continuation
 * token handed out with a page; a token that is not here (another process, an old page, evicted)
 * still works: the store then starts a walk at the token's position. Each cursor is taken out when
 * used, so two callers never share one walk.
 */
export class ListCursors<C extends { close(): void }> {
  private readonly open = new Map<string, { cursor: C; expires: number }>();

  constructor(
    private readonly limit = 64,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Keeps `cursor` for the page that names `key`; the oldest cursor is closed when too many are open. */
  keep(key: string, cursor: C): void {
    this.sweep();
    this.open.get(key)?.cursor.close();
    this.open.set(key, { cursor, expires: this.now() + this.ttlMs });
    while (this.open.size > this.limit) {
      const [oldest, entry] = this.open.entries().next().value!;
      this.open.delete(oldest);
      entry.cursor.close();
    }
  }

  /** The cursor kept for `key`, removed from the cache; undefined when there is none. */
  take(key: string): C | undefined {
    this.sweep();
    const entry = this.open.get(key);
    if (!entry) return undefined;
    this.open.delete(key);
    return entry.cursor;
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.open) {
      if (entry.expires > now) continue;
      this.open.delete(key);
      entry.cursor.close();
    }
  }
}
