import type { Clock } from "../../lib/clock.js";

export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  /** Bound on remembered keys, so a flood of addresses cannot exhaust memory. */
  maxKeys: number;
}

const DEFAULTS: RateLimitOptions = { maxFailures: 5, windowMs: 15 * 60 * 1000, maxKeys: 10_000 };

/** Counts failed sign-ins per key (an address, a user name) in a sliding window, in memory. */
export class SignInRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly options: RateLimitOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<RateLimitOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Seconds to wait when any of the keys is blocked; undefined when sign-in may proceed. */
  retryAfterSeconds(keys: string[]): number | undefined {
    const now = this.clock().getTime();
    let until = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.options.maxFailures) {
        const unblockAt = recent[recent.length - this.options.maxFailures]! + this.options.windowMs;
        until = Math.max(until, unblockAt);
      }
    }
    return until > now ? Math.ceil((until - now) / 1000) : undefined;
  }

  recordFailure(keys: string[]): void {
    const now = this.clock().getTime();
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key); // re-insert: the map stays ordered by last failure
      this.failures.set(key, recent);
    }
    while (this.failures.size > this.options.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
  }
}
