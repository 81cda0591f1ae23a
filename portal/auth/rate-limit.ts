import type { Clock } from "../../lib/clock.js";

export interface RateLimitOptions {
  /** Failures of one user name from one address before that pair is blocked for the window. */
  maxFailures: number;
  /** Failures from one address, whatever the user names, before the address is blocked. */
  maxAddressFailures: number;
  windowMs: number;
  /** Bound on remembered keys, so a flood of addresses cannot exhaust memory; blocked keys are never the ones dropped. */
  maxKeys: number;
  /** Failures of one user name (from anywhere) after which each attempt for it waits, doubling up to maxDelayMs. */
  slowAfter: number;
  maxDelayMs: number;
  /** How the wait is spent (tests record it instead). */
  wait(ms: number): Promise<void>;
}

const DEFAULTS: RateLimitOptions = {
  maxFailures: 5,
  maxAddressFailures: 20,
  windowMs: 15 * 60 * 1000,
  maxKeys: 10_000,
  slowAfter: 5,
  maxDelayMs: 30_000,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Failed sign-ins in a sliding window, in memory. A user name and address pair is blocked after a
 * few failures, an address after more (one address trying many names); a user name alone is only
 * slowed down, so nobody can lock someone else's account by failing on purpose.
 */
export class SignInRateLimiter {
  private readonly failures = new Map<string, number[]>();
  readonly options: RateLimitOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<RateLimitOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Seconds to wait when the pair or the address is blocked; undefined when sign-in may proceed. */
  retryAfterSeconds(user: string, address: string): number | undefined {
    const now = this.clock().getTime();
    const until = Math.max(
      this.blockedUntil(pairKey(user, address), this.options.maxFailures, now),
      this.blockedUntil(addressKey(address), this.options.maxAddressFailures, now),
    );
    return until > now ? Math.ceil((until - now) / 1000) : undefined;
  }

  /** How long an attempt for this user name waits before the password is checked (0 when not slowed). */
  delayMs(user: string): number {
    const over = this.recent(userKey(user), this.clock().getTime()).length - this.options.slowAfter;
    return over < 0 ? 0 : Math.min(1000 * 2 ** over, this.options.maxDelayMs);
  }

  recordFailure(user: string, address: string): void {
    const now = this.clock().getTime();
    for (const key of [pairKey(user, address), addressKey(address), userKey(user)]) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key); // re-insert: the map stays ordered by last failure
      this.failures.set(key, recent);
    }
    this.evict(now);
  }

  /** A successful sign-in clears the pair and the user name's slow-down. */
  succeeded(user: string, address: string): void {
    this.failures.delete(pairKey(user, address));
    this.failures.delete(userKey(user));
  }

  /** Drops the least recently failed keys that block nothing, never a blocked one (or flooding could unblock it). */
  private evict(now: number): void {
    if (this.failures.size <= this.options.maxKeys) return;
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.options.maxKeys) return;
      if (this.blockedUntil(key, this.limitOf(key), now) <= now) this.failures.delete(key);
    }
  }

  private limitOf(key: string): number {
    if (key.startsWith("pair:")) return this.options.maxFailures;
    if (key.startsWith("address:")) return this.options.maxAddressFailures;
    return this.options.slowAfter; // a slowed user name counts as blocked here
  }

  private blockedUntil(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    return recent.length >= limit ? recent[recent.length - limit]! + this.options.windowMs : 0;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
  }
}

const pairKey = (user: string, address: string) => `pair:${user}\n${address}`;
const addressKey = (address: string) => `address:${address}`;
const userKey = (user: string) => `user:${user}`;
