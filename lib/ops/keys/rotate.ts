// `keys.rotate`: rotates the CloudFront signing key with no downtime (docs/rotation.md), on the key
// store, key group and edge of the composition root (lib/keys/rotation/from-config.ts). The command
// line's door only: `signed-share rotate-keys` asks for confirmation and shows the steps.
import { z } from "zod";
import { parseDuration } from "../../duration.js";
import { InvalidRequestError, ShareError } from "../../errors.js";
import { silentProgress } from "../../keys/rotation/progress.js";
import { RotationFailedError, runRotation } from "../../keys/rotation/runner.js";
import { defineOperation, type AuditOf } from "../operation.js";

const stepSchema = z.object({ name: z.string(), title: z.string(), ms: z.number(), note: z.string().optional() });

const summarySchema = z
  .object({
    status: z.enum(["completed", "kept-old", "nothing-to-do", "dry-run", "aborted"]).meta({ description: "completed; kept-old (--keep-old: the old key stays trusted); nothing-to-do; dry-run; aborted (not confirmed: nothing changed)" }),
    mode: z.enum(["full", "keep-old", "retire"]),
    rotationId: z.string().optional(),
    resumed: z.boolean().meta({ description: "An interrupted rotation was finished" }),
    plan: z.array(z.string()),
    activeKeyPairId: z.string().optional(),
    oldKeyPairId: z.string().optional(),
    removedKeyPairIds: z.array(z.string()).optional(),
    deletedKeyPairIds: z.array(z.string()).optional(),
    keptKeyPairIds: z.array(z.string()).optional(),
    revokedLinks: z.number().optional(),
    invalidationId: z.string().optional(),
    steps: z.array(stepSchema),
  })
  .meta({ id: "RotationSummary", description: "What a key rotation did (rotate-keys --json)" });

const duration = (what: string) => z.string({ error: "must be text" }).max(100).optional().meta({ description: `${what}: a duration like "60s", "10m"; 0 for none` });

/** A duration of the input in ms ("0" is none); the default when absent. */
function millis(field: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (/^0+[smhd]?$/.test(text.trim())) return 0;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidRequestError(`${field}: ${(error as Error).message}`, { field });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const rotate = defineOperation({
  name: "keys.rotate",
  summary: "Rotate the signing key (revokes every link the old keys signed, unless keep-old)",
  description:
    "Creates a new key, adds it to the key group, waits until the edge accepts it, makes it the active key, waits for running portals to pick it up, then (full, retire) removes the old keys, marks their links revoked, waits until the edge denies them, invalidates cached pages and deletes the old public keys. An interrupted rotation is finished first. One at a time: another running rotation is `locked`.",
  access: "admin",
  tokens: false,
  api: false,
  mutates: true,
  input: z.strictObject({
    mode: z.enum(["full", "keep-old", "retire"], { error: "must be full, keep-old or retire" }).optional().meta({ description: "full (default): revoke the old keys' links; keep-old: stop after activation; retire: remove every key but the active one" }),
    keyType: z.enum(["rsa", "ecdsa"], { error: "must be rsa or ecdsa" }).optional().meta({ description: "Type of the new key (default: the type of the active key)" }),
    dryRun: z.boolean().optional().meta({ description: "Show the plan, change nothing" }),
    forceUnlock: z.boolean().optional().meta({ description: "Take the rotation lock although another run seems to hold it (it died)" }),
    propagationWait: duration("The wait after activation for portals to re-read the key (default 60s; local 2s)"),
    probeTimeout: duration("How long to wait for the edge each time (default 10m; local 30s)"),
    invalidationTimeout: duration("How long to wait for the invalidation (default 20m)"),
    edgeUrl: z.string({ error: "must be text" }).max(2000).optional().meta({ description: "Local mode: the running local edge to probe (default: the public URL)" }),
  }),
  result: summarySchema,
  errors: ["locked", "upstream", "unavailable"],
  async run(services, input, actor, context) {
    const rotation = services.keyRotation;
    if (!rotation) throw new ShareError("unavailable", "key rotation is not set up in this process");
    const local = rotation.local;
    const options = {
      mode: input.mode ?? "full",
      by: actor.name,
      dryRun: Boolean(input.dryRun),
      forceUnlock: Boolean(input.forceUnlock),
      propagationWaitMs: millis("propagationWait", input.propagationWait, local ? 2_000 : 60_000),
      probeTimeoutMs: millis("probeTimeout", input.probeTimeout, local ? 30_000 : 600_000),
      invalidationTimeoutMs: millis("invalidationTimeout", input.invalidationTimeout, 1_200_000),
      ...(input.keyType ? { keyType: input.keyType } : {}),
    } as const;
    const parts = await rotation.open(input.edgeUrl !== undefined ? { edgeUrl: input.edgeUrl } : {});
    const deps = { ...parts, clock: services.clock, sleep, progress: context.steps ?? silentProgress, ...(context.confirm ? { confirm: context.confirm } : {}) };
    try {
      return await runRotation(deps, options, context.again);
    } catch (error) {
      if (!(error instanceof RotationFailedError)) throw error;
      // What was done and where it stopped: the document rotate-keys --json prints (docs/rotation.md).
      const partial = { ...error.summary, status: "failed", failedStep: error.step, state: error.state, next: error.next, error: error.cause.message };
      throw new ShareError("internal", error.message, { partial, cause: error });
    }
  },
  audit(input, result): AuditOf | AuditOf[] {
    const mode = result.mode ?? input.mode ?? "full";
    if ((result as { status?: string }).status === "failed") {
      const failed = result as { failedStep?: string; error?: string };
      return { event: "keys-rotated", details: { mode, failedStep: String(failed.failedStep), error: String(failed.error) } };
    }
    // Nothing changed: not confirmed, a dry run, nothing to retire.
    if (result.status !== "completed" && result.status !== "kept-old") return [];
    return { event: "keys-rotated", details: { mode, rotationId: String(result.rotationId), status: result.status, activeKeyPairId: String(result.activeKeyPairId) } };
  },
});
