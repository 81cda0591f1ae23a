import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../../clock.js";
import { ShareError } from "../../errors.js";
import { processRuns } from "../../process-runs.js";
import type { ObjectStore } from "../../storage/object-store.js";
import { lockRecordSchema, rotationLock } from "./rotation-records.js";
import type { z } from "zod";

export const LOCK_KEY = "portal/rotation/lock.json";
export const DEFAULT_STALE_LOCK_MS = 15 * 60_000;

export type LockRecord = z.infer<typeof lockRecordSchema>;

export class RotationLockedError extends ShareError {
  constructor(readonly holder: LockRecord, location: string) {
    const running = holder.host === hostname() && processRuns(holder.pid);
    super(
      "locked",
      running
        ? `another rotation holds the lock and is running (${holder.by}, pid ${holder.pid} on this host, since ${holder.acquiredAt}, last seen ${holder.heartbeatAt}); ` +
            `wait for it to finish (the lock is ${location}/${LOCK_KEY})`
        : `another rotation holds the lock (${holder.by} on ${holder.host}, pid ${holder.pid}, since ${holder.acquiredAt}, last seen ${holder.heartbeatAt}); ` +
            `wait for it to finish, or if it died, run again with --force-unlock (the lock is ${location}/${LOCK_KEY})`,
    );
  }
}

/**
 * Why a lock left in the store no longer holds anyone back, or undefined while it does: its process
 * died on this host (known at once), or it was not refreshed for `staleMs` (another host's run).
 */
export function abandonedBecause(lock: LockRecord, now: Date, staleMs = DEFAULT_STALE_LOCK_MS): string | undefined {
  if (lock.host === hostname() && !processRuns(lock.pid)) return `its process ${lock.pid} on this host is gone`;
  const silentMs = now.getTime() - Date.parse(lock.heartbeatAt);
  if (!(silentMs < staleMs)) return `it was last refreshed ${Math.round(silentMs / 60_000)} min ago`;
  return undefined;
}

/** Throws RotationLockedError while another live run holds the lock (unless forced); nothing is written. */
export async function assertLockFree(store: ObjectStore, options: { clock: Clock; staleMs?: number; force?: boolean }): Promise<void> {
  const existing = await rotationLock(store).get("lock");
  if (existing && !options.force && !abandonedBecause(existing, options.clock(), options.staleMs)) throw new RotationLockedError(existing, store.location);
}

export interface HeldLock {
  readonly owner: string;
  /** The abandoned lock this run took over, and why it was abandoned. */
  readonly tookOver?: { holder: LockRecord; because: string };
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
  const existing = await rotationLock(store).get("lock");
  const abandoned = existing ? (options.force ? "--force-unlock" : abandonedBecause(existing, options.clock(), options.staleMs)) : undefined;
  if (existing && !abandoned) throw new RotationLockedError(existing, store.location);
  const now = options.clock().toISOString();
  const record: LockRecord = { owner: randomBytes(12).toString("hex"), by: options.by, host: hostname(), pid: process.pid, acquiredAt: now, heartbeatAt: now };
  await rotationLock(store).put("lock", record);
  await options.sleep(options.settleMs ?? 1_000);

  const assertHeld = async () => {
    const current = await rotationLock(store).get("lock");
    if (current?.owner !== record.owner) {
      throw new RotationLockedError(current ?? { ...record, by: "nobody (the lock was removed)" }, store.location);
    }
  };
  await assertHeld();
  return {
    owner: record.owner,
    ...(existing && abandoned ? { tookOver: { holder: existing, because: abandoned } } : {}),
    async heartbeat() {
      await assertHeld();
      record.heartbeatAt = options.clock().toISOString();
      await rotationLock(store).put("lock", record);
    },
    async release() {
      const current = await rotationLock(store).get("lock").catch(() => undefined);
      if (current?.owner === record.owner) await store.delete(LOCK_KEY);
    },
  };
}
