import { text } from "node:stream/consumers";
import { keptViewerAddress, type ViewerAddressRule } from "../activity/viewer-address.js";
import type { Clock } from "../clock.js";
import type { ObjectStore } from "../storage/object-store.js";
import { auditEventSchema, type AuditEvent, type NewAuditEvent } from "./audit-entry.js";
import { AUDIT_PREFIX, auditKey, dayFolder, keyField, parseAuditKey, SEVERAL, type ParsedKey } from "./audit-key.js";
import { redactDetails } from "./audit-redact.js";

export interface AuditFilter {
  /** The actor's name, exactly. */
  user?: string;
  /** The client folder, exactly. */
  client?: string;
  /** An event name ("link-revoked"), or a prefix ending in * ("link-*"). */
  action?: string;
  since?: Date;
  until?: Date;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Give it back as `cursor` for the next (older) page; absent on the last page. */
  next?: string;
  /**
   * The page stopped after looking at this many events without filling up (a filter that matches
   * rarely): `next` goes on from there.
   */
  stoppedEarly?: boolean;
}

const MAX_LIMIT = 500;
/** Events looked at (keys listed, not read) per page before it returns what it has. */
const SCAN_BUDGET = 20_000;
const READ_CONCURRENCY = 16;
const CURSOR = /^\d{8}\/\d{13}_[A-Za-z0-9]{8}~[^/]*\.json$/;

/**
 * The audit trail (docs/audit.md): one object per event, created and never rewritten (the store's
 * create-if-absent), newest first by key. A page lists keys, filters on what the keys say, and
 * reads only the events it returns, so the first page costs the same whatever the history's length.
 */
export class AuditLog {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly addressRule: ViewerAddressRule = "full",
  ) {}

  async record(event: NewAuditEvent): Promise<AuditEvent> {
    const atMs = Date.parse(event.at) || this.clock().getTime();
    const clients = Array.isArray(event.details.clients) ? (event.details.clients as readonly string[]) : undefined;
    const named = typeof event.details.client === "string" ? event.details.client : undefined;
    const client = event.client ?? named ?? (clients && clients.length === 1 ? clients[0] : undefined);
    for (;;) {
      const key = auditKey({ atMs, event: event.event, actor: event.actor.name, client: client ?? (clients && clients.length > 1 ? SEVERAL : undefined) });
      const written: AuditEvent = {
        id: key.slice(AUDIT_PREFIX.length, -".json".length),
        at: new Date(atMs).toISOString(),
        event: event.event,
        ...(event.operation ? { operation: event.operation } : {}),
        actor: { name: event.actor.name, ...(event.actor.role ? { role: event.actor.role } : {}), via: event.actor.via },
        from: keptViewerAddress(event.from ?? undefined, this.addressRule),
        outcome: event.outcome,
        ...(client !== undefined ? { client } : {}),
        details: redactDetails(event.details),
      };
      if (await this.store.create(key, `${JSON.stringify(written)}\n`, { contentType: "application/json", cacheControl: "no-store" })) return written;
      // 48 random bits collided within one millisecond: draw again rather than overwrite.
    }
  }

  /** One page of events, newest first, from `cursor` (a `next` this method returned). */
  async page(filter: AuditFilter, options: { limit?: number; cursor?: string } = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_LIMIT);
    if (options.cursor !== undefined && !CURSOR.test(options.cursor)) throw new RangeError("cursor: not a position this list gave");
    const matches: ParsedKey[] = [];
    let scanned = 0;
    let last: string | undefined;
    for await (const key of this.keys(filter, options.cursor)) {
      scanned += 1;
      last = key.position;
      if (matchesKey(key, filter)) {
        if (matches.length === limit) {
          const events = await this.readMatching(matches, filter);
          return { events, next: matches[matches.length - 1]!.position };
        }
        matches.push(key);
      }
      if (scanned >= SCAN_BUDGET && matches.length < limit) {
        return { events: await this.readMatching(matches, filter), next: last, stoppedEarly: true };
      }
    }
    return { events: await this.readMatching(matches, filter) };
  }

  /** Every matching event, oldest first (the CLI's export): one day's keys in memory at a time. */
  async *export(filter: AuditFilter): AsyncGenerator<AuditEvent, void, undefined> {
    const days = (await this.days(filter)).reverse();
    for (const day of days) {
      const keys: ParsedKey[] = [];
      for await (const key of this.dayKeys(day)) if (inTime(key, filter) && matchesKey(key, filter)) keys.push(key);
      keys.reverse();
      for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
        for (const event of await this.readMatching(keys.slice(i, i + READ_CONCURRENCY), filter)) yield event;
      }
    }
  }

  /** Keys from newest to oldest, within the filter's time range, after the cursor. */
  private async *keys(filter: AuditFilter, cursor: string | undefined): AsyncGenerator<ParsedKey, void, undefined> {
    const cursorDay = cursor?.slice(0, 8);
    for (const day of await this.days(filter)) {
      if (cursorDay !== undefined && day < cursorDay) continue;
      for await (const key of this.dayKeys(day)) {
        if (cursor !== undefined && key.position <= cursor) continue;
        if (filter.until && key.atMs > filter.until.getTime()) continue;
        if (filter.since && key.atMs < filter.since.getTime()) return; // newest first: the rest is older still
        yield key;
      }
    }
  }

  /** The day folders in the filter's range, newest first. */
  private async days(filter: AuditFilter): Promise<string[]> {
    const newest = filter.until ? dayFolder(filter.until.getTime()) : undefined;
    const oldest = filter.since ? dayFolder(filter.since.getTime()) : undefined;
    const days: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.store.list({ prefix: AUDIT_PREFIX, delimiter: "/", ...(token ? { token } : {}) });
      for (const prefix of page.prefixes) {
        const day = prefix.slice(AUDIT_PREFIX.length, -1);
        if (!/^\d{8}$/.test(day)) continue;
        if ((newest && day < newest) || (oldest && day > oldest)) continue;
        days.push(day);
      }
      token = page.nextToken;
    } while (token);
    return days.sort();
  }

  private async *dayKeys(day: string): AsyncGenerator<ParsedKey, void, undefined> {
    let token: string | undefined;
    do {
      const page = await this.store.list({ prefix: `${AUDIT_PREFIX}${day}/`, ...(token ? { token } : {}) });
      for (const object of page.objects.sort((a, b) => (a.key < b.key ? -1 : 1))) {
        const parsed = parseAuditKey(object.key);
        if (parsed) yield parsed;
      }
      token = page.nextToken;
    } while (token);
  }

  /** Reads the events of these keys (in order); an event whose key said "several clients" is checked against the client filter here. */
  private async readMatching(keys: ParsedKey[], filter: AuditFilter): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
      const read = await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((key) => this.read(key)));
      for (const event of read) {
        if (!event) continue;
        if (filter.client !== undefined && !concerns(event, filter.client)) continue;
        events.push(event);
      }
    }
    return events;
  }

  private async read(key: ParsedKey): Promise<AuditEvent | undefined> {
    const object = await this.store.get(`${AUDIT_PREFIX}${key.position}`);
    if (!object) return undefined;
    // An event that is not JSON or not an event was never written by us: skip it rather than break the trail.
    let value: unknown;
    try {
      value = JSON.parse(await text(object.body));
    } catch {
      return undefined;
    }
    const parsed = auditEventSchema.safeParse(value);
    return parsed.success ? (parsed.data as AuditEvent) : undefined;
  }
}

function inTime(key: ParsedKey, filter: AuditFilter): boolean {
  return !(filter.until && key.atMs > filter.until.getTime()) && !(filter.since && key.atMs < filter.since.getTime());
}

function matchesKey(key: ParsedKey, filter: AuditFilter): boolean {
  if (filter.user !== undefined && key.actor !== keyField(filter.user)) return false;
  if (filter.client !== undefined && key.client !== keyField(filter.client) && key.client !== SEVERAL) return false;
  if (filter.action !== undefined) {
    const action = filter.action;
    if (action.endsWith("*") ? !decodeURIComponent(key.event).startsWith(action.slice(0, -1)) : key.event !== keyField(action)) return false;
  }
  return true;
}

function concerns(event: AuditEvent, client: string): boolean {
  if (event.client !== undefined) return event.client === client;
  const clients = event.details.clients;
  return Array.isArray(clients) && (clients as readonly string[]).includes(client);
}
