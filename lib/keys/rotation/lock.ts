import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../../clock.js";
import type { ObjectStore } from "../../storage/object-store.js";
import { readStoreJson, writeStoreJson } from "./store-json.js";

export const LOCK_KEY = "portal/rotation/lock.json";
export const DEFAULT_STALE_LOCK_MS = 15 * 60_000;

export interface LockRecord {
  owner: string;
  by: string;
  host: string;
  pid: number;
  acquiredAt: string;
  /** Refreshed at every step and probe attempt; a lock not refreshed for staleMs is abandoned. */
  heartbeatAt: string;
}

export class RotationLockedError extends Error {
  constructor(readonly holder: LockRecord, location: string) {
    super(
      `another rotation holds the lock (${holder.by} on ${holder.host}, pid ${holder.pid}, since ${holder.acquiredAt}, last seen ${holder.heartbeatAt}); ` +
        `wait for it to finish, or if it died, run again with --force-unlock (the lock is ${location}/${LOCK_KEY})`,
    );
  }
}

export interface HeldLock {
  readonly owner: string;
  /** Throws RotationLockedError when someone else took the lock meanwhile (the fencing check before every write). */
  heartbeat(): Promise<void>;
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  by: string;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  staleMs?: number;
  /** Pause between writing the lock and reading it back: a racing writer's lock shows up by then. Default 1 s. */
  settleMs?: number;
  /** Take the lock even when another holder's lock is fresh (after that holder died). */
  force?: boolean;
}

/**
 * A best-effort lock in the object store (the port has no conditional put): refuse when a fresh lock
 * exists, write ours, wait, read back. Every later heartbeat checks the owner again, so of two
 * racing runs the one that lost stops at its next step at the latest.
 */
export async function acquireLock(store: ObjectStore, options: AcquireLockOptions): Promise<HeldLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const existing = await readStoreJson<LockRecord>(store, LOCK_KEY);
  if (existing && !options.force && options.clock().getTime() - Date.parse(existing.heartbeatAt) < staleMs) {
    throw new RotationLockedError(existing, store.location);
  }
  const now = options.clock().toISOString();
  const record: LockRecord = { owner: randomBytes(12).toString("hex"), by: options.by, host: hostname(), pid: process.pid, acquiredAt: now, heartbeatAt: now };
  await writeStoreJson(store, LOCK_KEY, record);
  await options.sleep(options.settleMs ?? 1_000);

  const assertHeld = async () => {
    const current = await readStoreJson<LockRecord>(store, LOCK_KEY);
    if (current?.owner !== record.owner) {
      throw new RotationLockedError(current ?? { ...record, by: "nobody (the lock was removed)" }, store.location);
    }
  };
  await assertHeld();
  return {
    owner: record.owner,
    async heartbeat() {
      await assertHeld();
      record.heartbeatAt = options.clock().toISOString();
      await writeStoreJson(store, LOCK_KEY, record);
    },
    async release() {
      const current = await readStoreJson<LockRecord>(store, LOCK_KEY).catch(() => undefined);
      if (current?.owner === record.owner) await store.delete(LOCK_KEY);
    },
  };
}
