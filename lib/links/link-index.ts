import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { searchableText } from "./link-label.js";
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
 * <entry> is `<inverted issue time, 13 digits>_<linkId>_<expires, epoch s>_<not before, epoch s or 0>_<s|q>_<a|r>_<f|t><text>`
 * (q: a file request, s: a link that shares files; r: revoked), so kind and status filters need no
 * record. <text> is what a search matches besides id and client: the label and recipients in lower
 * case, one per line, [a-z0-9.-] as they are and every other byte of their UTF-8 as `_` and two hex
 * digits, cut to SUMMARY_BYTES (t: cut, f: full), so that a search reads only the records that may
 * match (docs/architecture.md#search). Entries of earlier versions lack fields: version 1 (before
 * labels) ends at <a|r>, version 2 (before kinds) has no <s|q>; ensureIndex upgrades them once. The
 * records stay the truth: a list reads each record it shows and checks it again.
 */
export const LINK_INDEX_PREFIX = "portal/link-index/";
const ALL = `${LINK_INDEX_PREFIX}all/`;
const CLIENTS = `${LINK_INDEX_PREFIX}clients/`;
const IDS = `${LINK_INDEX_PREFIX}ids/`;
/** Written once the index holds every record (a store that had records before the index was built it once). */
export const LINK_INDEX_READY = `${LINK_INDEX_PREFIX}ready.json`;
/** 2: entries carry the search text; 3: and the link's kind (share or file request). */
export const LINK_INDEX_VERSION = 3;
/**
 * Encoded search text an entry carries at most: an entry is one path segment in local mode (at
 * most 255 bytes with the ".json" of its sidecar), and its fixed part takes 64.
 */
export const SUMMARY_BYTES = 180;

const INVERT_FROM = 9_999_999_999_999;

/** What a link is for: a page that shares files, or a file request (mode "request") whose page takes them. */
export type LinkKind = "share" | "request";

export function linkKind(record: Pick<LinkRecord, "mode">): LinkKind {
  return record.mode === "request" ? "request" : "share";
}

/** What an index key says about a link. */
export interface IndexEntry {
  linkId: string;
  client: string;
  issuedAtMs: number;
  expiresAtS: number;
  notBeforeS: number;
  revoked: boolean;
  /** Undefined in an entry written before entries carried it (version 1 or 2): the record tells. */
  kind?: LinkKind;
  /** The search text (label, recipients) in lower case; undefined in a version 1 entry. */
  text?: string;
  /** The text was cut to fit the key: a search that does not match it must read the record. */
  cut: boolean;
  /** The key's part after the view's prefix. */
  position: string;
}

/** The search text as an entry's last field: "f" or "t" (cut), then the encoded text. */
export function encodeSummary(text: string): string {
  let out = "";
  for (const char of text) {
    const part = /^[a-z0-9.-]$/.test(char) ? char : [...Buffer.from(char, "utf8")].map((b) => `_${b.toString(16).padStart(2, "0")}`).join("");
    if (out.length + part.length > SUMMARY_BYTES - 1) return `t${out}`;
    out += part;
  }
  return `f${out}`;
}

function decodeSummary(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === "_") {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Where a link's entries sort: `<inverted issue time>_<linkId>` (a cursor is one of these). */
export function linkPosition(record: Pick<LinkRecord, "issuedAt" | "linkId">): string {
  return `${String(INVERT_FROM - Date.parse(record.issuedAt)).padStart(13, "0")}_${record.linkId}`;
}

function entryName(record: IndexedFields, revoked: boolean): string {
  const expires = Math.floor(Date.parse(record.expiresAt) / 1000);
  const notBefore = record.notBefore ? Math.floor(Date.parse(record.notBefore) / 1000) : 0;
  return `${linkPosition(record)}_${expires}_${notBefore}_${linkKind(record) === "request" ? "q" : "s"}_${revoked ? "r" : "a"}_${encodeSummary(searchableText(record))}`;
}

function parseEntry(name: string): Omit<IndexEntry, "client" | "position"> | undefined {
  const match = /^(\d{13})_([A-Za-z0-9_-]{22})_(\d+)_(\d+)_(?:([sq])_)?([ar])(?:_([ft])((?:[a-z0-9.-]|_[0-9a-f]{2})*))?$/.exec(name);
  if (!match) return undefined;
  return {
    issuedAtMs: INVERT_FROM - Number(match[1]),
    linkId: match[2]!,
    expiresAtS: Number(match[3]),
    notBeforeS: Number(match[4]),
    ...(match[5] !== undefined ? { kind: match[5] === "q" ? ("request" as const) : ("share" as const) } : {}),
    revoked: match[6] === "r",
    ...(match[7] !== undefined ? { text: decodeSummary(match[8]!) } : {}),
    cut: match[7] === "t",
  };
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
export type IndexedFields = Pick<LinkRecord, "client" | "linkId" | "mode" | "issuedAt" | "expiresAt" | "notBefore" | "revoked" | "label" | "recipients" | "deliveries">;

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

  /**
   * Brings the entries in line with a record that changed (revoked, label, recipients): the new
   * keys first, then the old ones go. Without `previous`, the record before is taken to be the same
   * one not revoked.
   */
  async update(record: LinkRecord, previous?: LinkRecord): Promise<void> {
    const before = this.keys(previous ?? ({ ...record, revoked: undefined } as LinkRecord));
    const after = this.keys(record);
    const added = after.filter((key) => !before.includes(key));
    if (added.length === 0) return;
    const results = await Promise.allSettled(added.map((key) => this.store.put(key, "")));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    await Promise.all(before.filter((key) => !after.includes(key)).map((key) => this.store.delete(key)));
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
   * Entries newest first (of one client when given), starting after the link at `after` (a
   * linkPosition), one listing page at a time. A link listed twice (a crash between the two writes
   * of a revocation or an edit) comes once, revoked if either says so, with every text it has.
   */
  async *entries(options: { client?: string; after?: string } = {}): AsyncGenerator<IndexEntry, void, undefined> {
    const prefix = options.client === undefined ? ALL : `${CLIENTS}${options.client}/`;
    // "~" sorts after every character of an entry's rest, so this starts after all of that link's entries.
    let startAfter = options.after === undefined ? undefined : `${prefix}${options.after}_~`;
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
        // A link's entries sort together: hold one back until the next shows another link.
        if (previous && previous.linkId !== entry.linkId) yield previous;
        previous = previous?.linkId === entry.linkId ? merged(previous, entry) : entry;
      }
      token = page.nextToken;
      startAfter = undefined;
    } while (token);
    if (previous) yield previous;
  }

  /** The version of the index in the store (undefined: none built yet). */
  async version(): Promise<number | undefined> {
    const body = await readText(this.store, LINK_INDEX_READY);
    if (body === undefined) return undefined;
    try {
      const version = (JSON.parse(body) as { version?: unknown }).version;
      return typeof version === "number" ? version : 1;
    } catch {
      return 1;
    }
  }

  async markReady(count: number, at: Date): Promise<void> {
    await this.store.put(LINK_INDEX_READY, `${JSON.stringify({ version: LINK_INDEX_VERSION, builtAt: at.toISOString(), records: count })}\n`, { contentType: "application/json" });
  }

  /** Deletes the entries of earlier versions (no search text or no kind), once their successors were added. */
  async dropOutdatedEntries(): Promise<number> {
    let dropped = 0;
    for (const view of [ALL, CLIENTS]) {
      const old: string[] = [];
      for await (const object of listAll(this.store, view)) {
        const rest = object.key.slice(view.length);
        const name = view === ALL ? rest.slice(0, rest.indexOf("/")) : rest.slice(rest.indexOf("/") + 1);
        const entry = parseEntry(name);
        if (entry && (entry.text === undefined || entry.kind === undefined)) old.push(object.key);
      }
      for (let i = 0; i < old.length; i += 16) await Promise.all(old.slice(i, i + 16).map((key) => this.store.delete(key)));
      dropped += old.length;
    }
    return dropped;
  }
}

/** One link's two entries as one: revoked if either is, every text kept (a search matches either). */
function merged(a: IndexEntry, b: IndexEntry): IndexEntry {
  const texts = [a.text, b.text].filter((t): t is string => t !== undefined);
  const kind = a.kind ?? b.kind;
  return { ...b, revoked: a.revoked || b.revoked, cut: a.cut || b.cut, ...(kind ? { kind } : {}), ...(texts.length > 0 ? { text: [...new Set(texts)].join("\n") } : {}) };
}
