import { createHash, randomBytes } from "node:crypto";

// Where an event lives (docs/audit.md#storage):
//   portal/audit/<day>/<time>_<random>~<event>~<actor>~<client>.json
// <day> is 99999999 - YYYYMMDD and <time> is 9999999999999 - epoch ms, so a listing yields the
// newest first; event, actor and client are in the key so that the filters need no read. A value
// too long for a key is there as its hash (%h + 16 hex), one that varies (several clients) as %m.
export const AUDIT_PREFIX = "portal/audit/";
const INVERT_DAY = 99_999_999;
const INVERT_MS = 9_999_999_999_999;
const LONG = 160;
export const SEVERAL = "%m";

export interface KeyFields {
  atMs: number;
  event: string;
  actor: string;
  client: string | undefined | typeof SEVERAL;
}

export interface ParsedKey {
  day: string;
  atMs: number;
  event: string;
  actor: string;
  client: string;
  /** The part after the prefix: the cursor position. */
  position: string;
}

export function dayFolder(atMs: number): string {
  const date = new Date(atMs);
  const yyyymmdd = date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  return String(INVERT_DAY - yyyymmdd).padStart(8, "0");
}

export function auditKey(fields: KeyFields): string {
  const time = String(INVERT_MS - fields.atMs).padStart(13, "0");
  const random = randomBytes(6).toString("base64url").replace(/[-_]/g, "0");
  const client = fields.client === undefined ? "" : fields.client === SEVERAL ? SEVERAL : keyField(fields.client);
  return `${AUDIT_PREFIX}${dayFolder(fields.atMs)}/${time}_${random}~${keyField(fields.event)}~${keyField(fields.actor)}~${client}.json`;
}

/** How a filter value appears in keys. */
export function keyField(value: string): string {
  const encoded = encodeURIComponent(value).replace(/~/g, "%7E");
  return encoded.length > LONG ? `%h${createHash("sha256").update(value).digest("hex").slice(0, 16)}` : encoded;
}

export function parseAuditKey(key: string): ParsedKey | undefined {
  const match = /^(\d{8})\/(\d{13})_([A-Za-z0-9]{8})~([^~/]*)~([^~/]*)~([^~/]*)\.json$/.exec(key.slice(AUDIT_PREFIX.length));
  if (!key.startsWith(AUDIT_PREFIX) || !match) return undefined;
  return { day: match[1]!, atMs: INVERT_MS - Number(match[2]), event: match[4]!, actor: match[5]!, client: match[6]!, position: key.slice(AUDIT_PREFIX.length) };
}
