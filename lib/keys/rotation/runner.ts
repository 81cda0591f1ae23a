import { randomBytes } from "node:crypto";
import { explainAwsSetupError } from "../../aws-errors.js";
import { KEYS_PER_GROUP_QUOTA, PUBLIC_KEYS_PER_ACCOUNT_QUOTA } from "../key-group.js";
import { resolveKeyPairId } from "../key-store.js";
import type { RotationDeps, RotationOptions, StepContext } from "./context.js";
import { archiveJournal, readJournal, writeJournal, type Journal, type RotationMode } from "./journal.js";
import { acquireLock, assertLockFree, type HeldLock } from "./lock.js";
import { stepsFor } from "./steps.js";

export interface StepSummary {
  name: string;
  title: string;
  ms: number;
  note?: string;
}

export interface RotationSummary {
  status: "completed" | "kept-old" | "nothing-to-do" | "dry-run" | "aborted";
  mode: RotationMode;
  rotationId?: string;
  resumed: boolean;
  plan: string[];
  activeKeyPairId?: string;
  oldKeyPairId?: string;
  removedKeyPairIds?: string[];
  deletedKeyPairIds?: string[];
  keptKeyPairIds?: string[];
  revokedLinks?: number;
  invalidationId?: string;
  steps: StepSummary[];
}

/** A step failed: says which, what state the system is in, and what to run next. */
export class RotationFailedError extends Error {
  constructor(
    readonly step: string,
    readonly state: string,
    readonly next: string,
    override readonly cause: Error,
    readonly summary: RotationSummary,
  ) {
    super(`step "${step}" failed: ${explainAwsSetupError(cause) ?? cause.message}\n  state: ${state}\n  next: ${next}`);
  }
}

/** Refused before anything changed (quota, inconsistent key group, nothing to do). */
export class RotationRefusedError extends Error {}

export const defaultRotationId = (now: Date) => `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "")}-${randomBytes(3).toString("hex")}`;

const modeWords: Record<RotationMode, string> = {
  full: "rotate the signing key and revoke every link signed with the old keys",
  "keep-old": "rotate the signing key, keeping the old key trusted (existing links keep working)",
  retire: "retire the old keys (links they signed stop working)",
};

/**
 * Runs (or finishes) a key rotation, docs/architecture.md#keys-and-rotation. One rotation at a time (lock); every step
 * is journaled, and a journal left by a run that died is finished first, in its own mode.
 */
export async function runRotation(deps: RotationDeps, options: RotationOptions, resumeHint = "signed-share rotate-keys"): Promise<RotationSummary> {
  // A journal under a live lock is a rotation in progress, not an interrupted one: say so first.
  const lockOptions = { clock: deps.clock, force: options.forceUnlock, ...(options.staleLockMs !== undefined ? { staleMs: options.staleLockMs } : {}) };
  await assertLockFree(deps.objects, lockOptions);
  const unfinished = await readJournal(deps.objects).then((j) => (j && !j.finishedAt ? j : undefined));
  const plan: string[] = [];
  let journal: Journal;
  if (unfinished) {
    journal = unfinished;
    plan.push(`finish rotation ${journal.rotationId} (${journal.mode}, started ${journal.startedAt} by ${journal.startedBy}), after step ${journal.completed.at(-1) ?? "(none)"}`);
    if (journal.mode !== options.mode) plan.push(`the interrupted rotation is finished in its own mode (${journal.mode}); run again afterwards for a ${options.mode} rotation`);
  } else {
    journal = await planNew(deps, options, plan);
  }
  const steps = stepsFor[journal.mode];
  const todo = steps.filter((s) => !journal.completed.includes(s.name));
  plan.push(...todo.map((s) => `- ${s.title}`));
  const summary: RotationSummary = { status: "dry-run", mode: journal.mode, rotationId: journal.rotationId, resumed: Boolean(unfinished), plan, steps: [], oldKeyPairId: journal.oldKeyPairId };

  if (journal.mode === "retire" && !unfinished && (await deps.keyGroup.members()).length <= 1) {
    return { ...summary, status: "nothing-to-do", plan: ["the key group trusts only the active key: nothing to retire"], rotationId: undefined };
  }
  plan.forEach((line) => deps.progress.info(line));
  if (options.dryRun) return summary;
  if (deps.confirm && !(await deps.confirm(plan))) return { ...summary, status: "aborted" };

  const lock = await acquireLock(deps.objects, {
    by: options.by,
    clock: deps.clock,
    sleep: deps.sleep,
    force: options.forceUnlock,
    ...(options.staleLockMs !== undefined ? { staleMs: options.staleLockMs } : {}),
    ...(options.lockSettleMs !== undefined ? { settleMs: options.lockSettleMs } : {}),
  });
  if (lock.tookOver) {
    const { holder, because } = lock.tookOver;
    deps.progress.info(`took over the rotation lock of ${holder.by} (pid ${holder.pid} on ${holder.host}): ${because}`);
  }
  try {
    // Another run may have started or finished a rotation between our read and the lock.
    const current = await readJournal(deps.objects);
    if (unfinished ? current?.rotationId !== journal.rotationId || current.finishedAt : current && !current.finishedAt) {
      throw new RotationRefusedError("another run changed the rotation journal meanwhile; nothing was changed, run again");
    }
    if (unfinished) journal = current!;
    const ctx: StepContext = {
      deps,
      options,
      journal,
      lock,
      save: async () => {
        await lock.heartbeat();
        journal.updatedAt = deps.clock().toISOString();
        await writeJournal(deps.objects, journal);
      },
    };
    await ctx.save();
    await runSteps(ctx, summary, resumeHint);
    journal.finishedAt = deps.clock().toISOString();
    await lock.heartbeat();
    await archiveJournal(deps.objects, journal);
    return {
      ...summary,
      status: journal.mode === "keep-old" ? "kept-old" : "completed",
      activeKeyPairId: journal.newKeyPairId,
      removedKeyPairIds: journal.removedKeyPairIds,
      deletedKeyPairIds: journal.deletedKeyPairIds,
      keptKeyPairIds: journal.keptKeyPairIds,
      revokedLinks: journal.revokedLinks,
      invalidationId: journal.invalidationId,
    };
  } finally {
    await release(lock);
  }
}

async function release(lock: HeldLock) {
  await lock.release().catch(() => undefined); // a lock left behind goes stale; --force-unlock clears it
}

async function runSteps(ctx: StepContext, summary: RotationSummary, resumeHint: string) {
  const { deps, journal } = ctx;
  const steps = stepsFor[journal.mode];
  for (const [i, step] of steps.entries()) {
    if (journal.completed.includes(step.name)) {
      deps.progress.skipped(i + 1, steps.length, step.title, "done before");
      continue;
    }
    const started = deps.clock().getTime();
    const report = deps.progress.step(i + 1, steps.length, step.title);
    let note: string | void;
    try {
      note = await step.run(ctx);
      journal.completed.push(step.name);
      await ctx.save();
    } catch (error) {
      report.failed();
      const cause = error instanceof Error ? error : new Error(String(error));
      const next =
        cause.name === "RotationLockedError"
          ? "another run took the rotation lock: let it finish (it resumes from the journal)"
          : `fix the cause, then run \`${resumeHint}\` again: it finishes rotation ${journal.rotationId} from this step`;
      throw new RotationFailedError(step.name, step.stateOnFailure(journal), next, cause, summary);
    }
    summary.steps.push({ name: step.name, title: step.title, ms: deps.clock().getTime() - started, ...(note ? { note } : {}) });
    report.done(note ?? undefined);
    await deps.afterStep?.(step.name, journal);
  }
}

async function planNew(deps: RotationDeps, options: RotationOptions, plan: string[]): Promise<Journal> {
  const active = await deps.keyStore.active();
  const activeId = resolveKeyPairId(active.keyPairId, deps.bootstrapPublicKeyId);
  const members = await deps.keyGroup.members();
  if (!members.includes(activeId)) {
    throw new RotationRefusedError(
      `the active key ${activeId} (${deps.keyStore.location}) is not in ${deps.keyGroup.location} (members: ${members.join(", ") || "none"}); links signed now would be refused. ` +
        `Put it back in the key group (or fix the key store) before rotating.`,
    );
  }
  const now = deps.clock();
  const rotationId = (deps.newRotationId ?? (() => defaultRotationId(now)))();
  if (options.mode !== "retire") {
    if (members.length >= KEYS_PER_GROUP_QUOTA) {
      throw new RotationRefusedError(`${deps.keyGroup.location} already holds ${members.length} keys, CloudFront's limit is ${KEYS_PER_GROUP_QUOTA}: run \`signed-share rotate-keys --retire\` first`);
    }
    const count = await deps.keyGroup.publicKeyCount();
    if (count >= PUBLIC_KEYS_PER_ACCOUNT_QUOTA) {
      throw new RotationRefusedError(`the account already has ${count} CloudFront public keys, the limit is ${PUBLIC_KEYS_PER_ACCOUNT_QUOTA}: delete unused ones (aws cloudfront list-public-keys) or retire old keys first`);
    }
  }
  plan.push(`${modeWords[options.mode]}: rotation ${rotationId}`);
  plan.push(`active key ${activeId} in ${deps.keyStore.location}; key group ${deps.keyGroup.location}: ${members.join(", ")}`);
  if (options.mode !== "keep-old") {
    const going = options.mode === "retire" ? members.filter((id) => id !== activeId) : members;
    plan.push(`links signed with ${going.join(", ") || "(none)"} will stop working and their records be marked revoked`);
  }
  const journal: Journal = {
    rotationId,
    mode: options.mode,
    startedBy: options.by,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    oldKeyPairId: activeId,
    keyType: options.keyType ?? active.type,
    completed: [],
  };
  if (options.mode === "retire") journal.newKeyPairId = activeId;
  return journal;
}
