import type { KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.js";
import { loadPublicKey } from "../signing/key-material.js";
import { isMissingFile } from "./local-key-files.js";

export const TRUSTED_FILE = "trusted.json";

/** The local "key group": `trusted.json` = `{ "items": [keyPairId, ...] }` beside `<id>.public.pem`. */
export function readTrustedIds(dir: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, TRUSTED_FILE), "utf8")) as { items?: unknown };
    return Array.isArray(parsed.items) ? parsed.items.filter((i): i is string => typeof i === "string") : [];
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
}

/**
 * The local edge's trusted keys: a synchronous lookup (the edge calls it per request) over the keys
 * directory, re-read when trusted.json changed, checked by stat at most every `checkMs` (default 500 ms).
 */
export class LocalTrustedKeys {
  private keys = new Map<string, KeyObject>();
  private seen: string | undefined;
  private checkedAt = -Infinity;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly checkMs = 500,
  ) {}

  /** Bound, so it can be passed as the edge's `trustedKey` option. */
  readonly trustedKey = (keyPairId: string): KeyObject | undefined => {
    this.refreshIfDue();
    return this.keys.get(keyPairId);
  };

  ids(): string[] {
    this.refreshIfDue();
    return [...this.keys.keys()];
  }

  private refreshIfDue(): void {
    const now = this.clock().getTime();
    if (now - this.checkedAt < this.checkMs) return;
    this.checkedAt = now;
    let token = "none";
    try {
      const s = statSync(join(this.dir, TRUSTED_FILE));
      token = `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch (error) {
      if (!isMissingFile(error)) throw error;
    }
    if (token === this.seen) return;
    const keys = new Map<string, KeyObject>();
    for (const id of readTrustedIds(this.dir)) {
      try {
        keys.set(id, loadPublicKey(readFileSync(join(this.dir, `${id}.public.pem`))));
      } catch {
        // A listed key without a readable public key is simply not trusted (as if missing from the group).
      }
    }
    this.keys = keys;
    this.seen = token;
  }
}
