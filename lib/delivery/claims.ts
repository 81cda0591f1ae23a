import type { Clock } from "../clock.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";

export const CLAIMS_PREFIX = "portal/mail/claims/";

/** What a claim says once its message was dealt with. */
export type ClaimStatus = "claimed" | "sent" | "failed" | "skipped";

export interface ClaimRecord {
  linkId: string;
  event: string;
  status: ClaimStatus;
  /** The run that claimed it: "remind host pid time". */
  by: string;
  claimedAt: string;
  settledAt?: string;
  to?: string[];
  detail?: string;
}

/**
 * "This message is mine to send": one object per link and event under portal/mail/claims/, made
 * with the store's create-if-absent, so of any number of concurrent runs exactly one sends it, and
 * no later run sends it again. A claim whose run died before settling it stays "claimed": that
 * message is never sent twice, at the price of perhaps not at all (docs/delivery.md).
 */
export class Claims {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly runId: string,
  ) {}

  static key(linkId: string, event: string): string {
    return `${CLAIMS_PREFIX}${linkId}/${event}.json`;
  }

  async exists(linkId: string, event: string): Promise<boolean> {
    return (await this.store.head(Claims.key(linkId, event))) !== undefined;
  }

  async get(linkId: string, event: string): Promise<ClaimRecord | undefined> {
    const text = await readText(this.store, Claims.key(linkId, event));
    return text === undefined ? undefined : (JSON.parse(text) as ClaimRecord);
  }

  /** True when this run now owns the event; false when another run (or an earlier one) does. */
  async claim(linkId: string, event: string, status: ClaimStatus = "claimed", detail?: string): Promise<boolean> {
    const record: ClaimRecord = { linkId, event, status, by: this.runId, claimedAt: this.clock().toISOString(), ...(detail ? { detail } : {}) };
    return this.store.create(Claims.key(linkId, event), `${JSON.stringify(record, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
  }

  async settle(linkId: string, event: string, outcome: { status: Exclude<ClaimStatus, "claimed">; to?: string[]; detail?: string }): Promise<void> {
    const current = await this.get(linkId, event);
    const record: ClaimRecord = {
      ...(current ?? { linkId, event, by: this.runId, claimedAt: this.clock().toISOString() }),
      status: outcome.status,
      settledAt: this.clock().toISOString(),
      ...(outcome.to ? { to: outcome.to } : {}),
      ...(outcome.detail ? { detail: outcome.detail } : {}),
    };
    await this.store.put(Claims.key(linkId, event), `${JSON.stringify(record, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
  }

  /** Gives the event back (the message surely did not go out), so the next run tries again. */
  async release(linkId: string, event: string): Promise<void> {
    await this.store.delete(Claims.key(linkId, event));
  }
}
