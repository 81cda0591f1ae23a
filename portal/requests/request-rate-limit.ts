import type { Clock } from "../../lib/clock.js";

export interface RequestRateLimitOptions {
  /** Calls one request may make at once before it waits (the bucket's size). */
  burst: number;
  /** Calls per second it earns back. */
  perSecond: number;
  /** Requests remembered at most; the fullest buckets (idle ones) are forgotten first. */
  maxKeys: number;
}

/** A 1 GiB file in 16 MiB parts takes about 130 calls: a burst of 300 and 5 a second never slow a person down. */
export const REQUEST_RATE_DEFAULTS: RequestRateLimitOptions = { burst: 300, perSecond: 5, maxKeys: 10_000 };

/**
 * The upload API's limit per file request (a token bucket per request id, in memory: each portal
 * process, or Lambda instance, counts its own calls). A link that leaked cannot be used to hammer
 * the portal or the store; someone sending many files in parallel waits a few seconds at worst.
 */
export class RequestRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  readonly options: RequestRateLimitOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<RequestRateLimitOptions> = {},
  ) {
    this.options = { ...REQUEST_RATE_DEFAULTS, ...options };
  }

  /** Takes one call from the request's bucket: undefined when it may go on, else the seconds to wait. */
  take(requestId: string): number | undefined {
    const now = this.clock().getTime();
    const { burst, perSecond } = this.options;
    const bucket = this.buckets.get(requestId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.delete(requestId);
    this.buckets.set(requestId, bucket);
    this.evict();
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / perSecond);
    bucket.tokens -= 1;
    return undefined;
  }

  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.options.maxKeys) return;
      this.buckets.delete(key); // least recently used first (the map keeps insertion order)
    }
  }
}
