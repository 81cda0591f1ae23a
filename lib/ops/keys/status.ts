// `keys.status`: the active signing key and the state of key rotation (docs/rotation.md): the last or
// unfinished rotation from its journal, and who holds the rotation lock. Reads only; never a private key.
import { z } from "zod";
import { ShareError } from "../../errors.js";
import { NoActiveKeyError, resolveKeyPairId } from "../../keys/key-store.js";
import { rotationJournal, rotationLock } from "../../keys/rotation/rotation-records.js";
import { defineOperation } from "../operation.js";

const result = z
  .object({
    active: z.object({ keyPairId: z.string(), type: z.string(), createdAt: z.string().optional() }).meta({ description: "The key links are signed with now" }),
    rotation: z
      .object({
        state: z.enum(["none", "finished", "unfinished"]).meta({ description: "none: never rotated; finished: the last rotation finished; unfinished: one was interrupted (rotate-keys finishes it) or is running" }),
        rotationId: z.string().optional(),
        mode: z.enum(["full", "keep-old", "retire"]).optional(),
        startedBy: z.string().optional(),
        startedAt: z.string().optional(),
        finishedAt: z.string().optional(),
        completedSteps: z.array(z.string()).optional().meta({ description: "The steps done, in order (rotate-keys --help lists them)" }),
        lock: z.object({ by: z.string(), acquiredAt: z.string(), heartbeatAt: z.string() }).optional().meta({ description: "Who holds the rotation lock, when a rotation runs (or died holding it)" }),
      })
      .meta({ description: "The last rotation, from its journal (portal/rotation/journal.json)" }),
  })
  .meta({ id: "KeyStatus" });

export const status = defineOperation({
  name: "keys.status",
  summary: "Show the active signing key and the state of key rotation (the last or an unfinished rotation, the lock)",
  access: "admin",
  mutates: false,
  input: z.strictObject({}),
  result,
  errors: ["unavailable"],
  async run(services) {
    const rotation = services.keyRotation;
    if (!rotation) throw new ShareError("unavailable", "the signing keys are not set up in this process");
    let key;
    try {
      key = await rotation.keyStore().active();
    } catch (error) {
      if (error instanceof NoActiveKeyError) throw new ShareError("unavailable", error.message, { cause: error });
      throw error;
    }
    const [journal, lock] = await Promise.all([rotationJournal(rotation.objects).get("journal"), rotationLock(rotation.objects).get("lock")]);
    return {
      active: { keyPairId: resolveKeyPairId(key.keyPairId, rotation.bootstrapPublicKeyId), type: key.type, ...(key.createdAt ? { createdAt: key.createdAt } : {}) },
      rotation: {
        state: journal === undefined ? ("none" as const) : journal.finishedAt ? ("finished" as const) : ("unfinished" as const),
        ...(journal
          ? {
              rotationId: journal.rotationId,
              mode: journal.mode,
              startedBy: journal.startedBy,
              startedAt: journal.startedAt,
              ...(journal.finishedAt ? { finishedAt: journal.finishedAt } : {}),
              completedSteps: journal.completed,
            }
          : {}),
        ...(lock ? { lock: { by: lock.by, acquiredAt: lock.acquiredAt, heartbeatAt: lock.heartbeatAt } } : {}),
      },
    };
  },
});
