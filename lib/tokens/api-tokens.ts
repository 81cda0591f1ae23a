import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { ShareError } from "../errors.js";
import { parseDuration } from "../duration.js";
import { JsonCollection } from "../storage/json-collection.js";
import type { ObjectStore } from "../storage/object-store.js";
import { ROLES, type Role } from "../users/roles.js";

export const TOKEN_PREFIX = "portal/tokens/";
export const TOKEN_NAME_PATTERN = /^[a-z0-9._-]{1,64}$/;
/** The longest a token may live; pipelines rotate their tokens. */
export const MAX_TOKEN_LIFETIME_MS = 366 * 86_400_000;
/** Last use is written at most this often per token (it is shown to the nearest minute). */
const TOUCH_INTERVAL_MS = 60_000;
/** "sst_" + 16 hex id + "_" + 43 base64url characters (256 random bits). */
const TOKEN_PATTERN = /^sst_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const tokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** SHA-256 of the whole token, hex: the token has 256 random bits, so a fast hash is enough. */
  hash: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
type TokenRecord = z.infer<typeof tokenRecord>;

export type TokenStatus = "active" | "expired" | "revoked";
/** A token as listings show it: never the token or its hash. */
export type TokenSummary = Omit<TokenRecord, "hash"> & { status: TokenStatus };

/** A request the token store refuses. */
export class ApiTokenError extends ShareError {
  override readonly name = "ApiTokenError";
  constructor(
    message: string,
    readonly code: "invalid" | "exists" | "not-found",
    field?: string,
  ) {
    super(code === "invalid" ? "bad-input" : code === "exists" ? "conflict" : "not-found", message, field ? { field } : {});
  }
}

/**
 * API tokens for pipelines: named, with a role and an expiry, shown once at creation and stored
 * only as a hash under portal/tokens/<id>.json. Every use is audited under the token's name.
 */
export class ApiTokens {
  private readonly touched = new Map<string, number>();
  private readonly records: JsonCollection<typeof tokenRecord>;

  constructor(
    store: ObjectStore,
    private readonly clock: Clock,
  ) {
    this.records = new JsonCollection(store, { prefix: TOKEN_PREFIX, schema: tokenRecord });
  }

  /** Creates a token; the returned `token` is the only time it is ever shown. */
  async create(input: { name: string; role: Role; expiresAt: Date; by: string }): Promise<{ token: string; summary: TokenSummary }> {
    if (!TOKEN_NAME_PATTERN.test(input.name)) throw new ApiTokenError(`invalid token name ${quotedName(input.name)}: use 1 to 64 of a-z, 0-9, ".", "_", "-"`, "invalid", "name");
    const now = this.clock();
    const lifetime = input.expiresAt.getTime() - now.getTime();
    if (!(lifetime > 0)) throw new ApiTokenError("expires: the expiry must be in the future", "invalid", "expires");
    if (lifetime > MAX_TOKEN_LIFETIME_MS) throw new ApiTokenError("expires: a token may live at most 366 days", "invalid", "expires");
    if ((await this.list()).some((t) => t.name === input.name && t.status === "active")) {
      throw new ApiTokenError(`an active token is already named "${input.name}": revoke it first or pick another name`, "exists", "name");
    }
    const id = randomBytes(8).toString("hex");
    const token = `sst_${id}_${randomBytes(32).toString("base64url")}`;
    const record: TokenRecord = {
      id,
      name: input.name,
      role: input.role,
      hash: hashToken(token),
      createdAt: now.toISOString(),
      createdBy: input.by,
      expiresAt: input.expiresAt.toISOString(),
    };
    await this.write(record);
    return { token, summary: this.summarize(record) };
  }

  /** The token's identity when it is well-formed, known, unrevoked and unexpired; undefined otherwise. */
  async verify(token: string): Promise<TokenSummary | undefined> {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return undefined;
    const record = await this.read(match[1]!);
    if (!record) return undefined;
    const expected = Buffer.from(record.hash, "hex");
    const given = Buffer.from(hashToken(token), "hex");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const summary = this.summarize(record);
    if (summary.status !== "active") return undefined;
    await this.touch(record);
    return summary;
  }

  async list(): Promise<TokenSummary[]> {
    const tokens: TokenSummary[] = [];
    for await (const { id, value } of this.records.entries()) if (/^[0-9a-f]{16}$/.test(id)) tokens.push(this.summarize(value));
    return tokens.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  }

  async revoke(id: string, by: string): Promise<TokenSummary> {
    const record = /^[0-9a-f]{16}$/.test(id) ? await this.read(id) : undefined;
    if (!record) throw new ApiTokenError(`there is no token ${id}`, "not-found");
    if (!record.revokedAt) await this.write({ ...record, revokedAt: this.clock().toISOString(), revokedBy: by });
    return this.summarize((await this.read(id)) ?? record);
  }

  private async touch(record: TokenRecord): Promise<void> {
    const now = this.clock().getTime();
    const last = Math.max(this.touched.get(record.id) ?? 0, record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0);
    if (now - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(record.id, now);
    await this.write({ ...record, lastUsedAt: new Date(now).toISOString() });
  }

  private summarize(record: TokenRecord): TokenSummary {
    const { hash: _hash, ...rest } = record;
    const status: TokenStatus = record.revokedAt ? "revoked" : Date.parse(record.expiresAt) <= this.clock().getTime() ? "expired" : "active";
    return { ...rest, status };
  }

  private read(id: string): Promise<TokenRecord | undefined> {
    return this.records.get(id);
  }

  private async write(record: TokenRecord): Promise<void> {
    await this.records.put(record.id, record);
  }
}

/** A name for a message: quoted, with every character outside printable ASCII escaped (no terminal escapes, no reordering). */
export function quotedName(name: string): string {
  return JSON.stringify(name).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** "90d" (or any duration parseDuration reads) → the expiry instant; undefined when unreadable. */
export function tokenExpiry(text: string, now: Date): Date | undefined {
  try {
    return new Date(now.getTime() + parseDuration(text));
  } catch {
    return undefined;
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
