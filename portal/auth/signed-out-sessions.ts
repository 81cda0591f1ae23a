import type { Clock } from "../../lib/clock.js";
import { listAll } from "../../lib/storage/list-all.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { ABSOLUTE_TIMEOUT_MS, type Session } from "./session.js";

export const SIGNED_OUT_PREFIX = "portal/sessions/signed-out/";
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Signed-out session ids, kept in the store (one small object each, until the session would have
 * expired anyway), so that a sign-out holds across restarts and across every portal instance.
 */
export class SignedOutSessions {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  async add(session: Session): Promise<void> {
    if (!SESSION_ID.test(session.sid)) return;
    const expiresAt = new Date(session.iat + ABSOLUTE_TIMEOUT_MS).toISOString();
    await this.store.put(`${SIGNED_OUT_PREFIX}${session.sid}.json`, `${JSON.stringify({ user: session.user, expiresAt })}\n`, {
      contentType: "application/json",
      cacheControl: "no-store",
    });
    await this.prune().catch(() => undefined); // housekeeping; a failure here must not undo the sign-out
  }

  async has(sid: string): Promise<boolean> {
    if (!SESSION_ID.test(sid)) return true; // no id we issue looks like this
    return (await this.store.head(`${SIGNED_OUT_PREFIX}${sid}.json`)) !== undefined;
  }

  /** Drops the entries of sessions that have expired anyway (their last change is older than the absolute limit). */
  private async prune(): Promise<void> {
    const cutoff = this.clock().getTime() - ABSOLUTE_TIMEOUT_MS;
    for await (const object of listAll(this.store, SIGNED_OUT_PREFIX)) {
      if (object.lastModified.getTime() < cutoff) await this.store.delete(object.key);
    }
  }
}
