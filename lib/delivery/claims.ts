import { z } from "zod";
import type { Clock } from "../clock.js";
import { JsonCollection } from "../storage/json-collection.js";
import type { ObjectStore } from "../storage/object-store.js";

export const CLAIMS_PREFIX = "portal/mail/claims/";

const CLAIM_STATUSES = ["claimed", "sent", "failed", "skipped"] as const;

/** What a claim says once its message was dealt with. */
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const claimSchema = z.object({
  linkId: z.string(),
  event: z.string(),
  status: z.enum(CLAIM_STATUSES),
  /** The run that claimed it: "remind host pid time". */
  by: z.string(),
  claimedAt: z.string(),
  settledAt: z.string().optional(),
  to: z.array(z.string()).optional(),
  detail: z.string().optional(),
});

export type ClaimRecord = z.infer<typeof claimSchema>;

/**
 * "This message is mine to send": one object per link and event under portal/mail/claims/, made
 * with the store's create-if-absent, so of any number of concurrent runs exactly one sends it, and
 * no later run sends it again. A claim whose run died before settling it stays "claimed": that
 * message is never sent twice, at the price of perhaps not at all (docs/delivery.md).
 */
export class Claims {
  /** Ids are "<linkId>/<event>": one folder per link. */
  private readonly claims: JsonCollection<typeof claimSchema>;

  constructor(
    store: ObjectStore,
    private readonly clock: Clock,
    private readonly runId: string,
  ) {
    this.claims = new JsonCollection(store, { prefix: CLAIMS_PREFIX, schema: claimSchema });
  }

  static key(linkId: string, event: string): string {
    return `${CLAIMS_PREFIX}${linkId}/${event}.json`;
  }

  async exists(linkId: string, event: string): Promise<boolean> {
    return this.claims.has(`${linkId}/${event}`);
  }

  async get(linkId: string, event: string): Promise<ClaimRecord | undefined> {
    return this.claims.get(`${linkId}/${event}`);
  }

  /** True when this run now owns the event; false when another run (or an earlier one) does. */
  async claim(linkId: string, event: string, status: ClaimStatus = "claimed", detail?: string): Promise<boolean> {
    const record: ClaimRecord = { linkId, event, status, by: this.runId, claimedAt: this.clock().toISOString(), ...(detail ? { detail } : {}) };
    return this.claims.create(`${linkId}/${event}`, record);
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
    await this.claims.put(`${linkId}/${event}`, record);
  }

  /** Gives the event back (the message surely did not go out), so the next run tries again. */
  async release(linkId: string, event: string): Promise<void> {
    await this.claims.delete(`${linkId}/${event}`);
  }
}
