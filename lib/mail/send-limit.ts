import type { Clock } from "../clock.js";
import { ShareError } from "../errors.js";

const HOUR_MS = 3_600_000;

/** Refused by the per-user sending limit; `retryAfterSeconds` says when enough of the hour has passed. */
export class SendLimitError extends ShareError {
  override readonly name = "SendLimitError";
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super("rate-limited", message, { retryAfterSeconds });
  }
}

/**
 * Recipients per portal user in a sliding hour, in memory (per portal process): a stolen session
 * or a script gone wrong cannot turn the portal into a mass mailer.
 */
export class SendLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly perHour: number,
  ) {}

  /** Counts `recipients` for `user`, or throws SendLimitError without counting anything. */
  take(user: string, recipients: number): void {
    const now = this.clock().getTime();
    const recent = (this.sent.get(user) ?? []).filter((at) => now - at < HOUR_MS);
    if (recent.length + recipients > this.perHour) {
      const freeAt = recent.length === 0 ? now : recent[Math.max(0, recent.length + recipients - this.perHour - 1)]! + HOUR_MS;
      const wait = Math.max(1, Math.ceil((freeAt - now) / 1000));
      throw new SendLimitError(
        `you may send to ${this.perHour} recipients per hour (SHARE_MAIL_PER_HOUR) and have sent to ${recent.length} in the last hour; this message has ${recipients}. Try again in ${Math.ceil(wait / 60)} min`,
        wait,
      );
    }
    for (let i = 0; i < recipients; i += 1) recent.push(now);
    this.sent.set(user, recent);
  }
}
