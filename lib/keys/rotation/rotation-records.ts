// The rotation's own records under portal/rotation/ (docs/rotation.md): the lock, the journal of the
// rotation in progress (or the last one) and the history of finished ones. Each is one JSON object
// of a JsonCollection, checked against its schema when read: a damaged one stops the rotation with
// a message naming the object, never a half-understood journal.
import { z } from "zod";
import { JsonCollection } from "../../storage/json-collection.js";
import type { ObjectStore } from "../../storage/object-store.js";

export const ROTATION_RECORDS_PREFIX = "portal/rotation/";
const ROTATION_HISTORY_PREFIX = `${ROTATION_RECORDS_PREFIX}history/`;

export const lockRecordSchema = z.object({
  owner: z.string(),
  by: z.string(),
  host: z.string(),
  pid: z.number().int(),
  acquiredAt: z.string(),
  /** Refreshed at every step and probe attempt; a lock not refreshed for staleMs is abandoned. */
  heartbeatAt: z.string(),
});

export const journalSchema = z.object({
  rotationId: z.string(),
  mode: z.enum(["full", "keep-old", "retire"]),
  startedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** The active key when the rotation started. */
  oldKeyPairId: z.string(),
  keyType: z.enum(["rsa", "ecdsa"]),
  /** The key that is (or becomes) active and stays in the group. */
  newKeyPairId: z.string().optional(),
  /** Keys taken out of the key group (fixed before the group is changed). */
  removedKeyPairIds: z.array(z.string()).optional(),
  revokedLinks: z.number().int().optional(),
  invalidationId: z.string().optional(),
  deletedKeyPairIds: z.array(z.string()).optional(),
  keptKeyPairIds: z.array(z.string()).optional(),
  /** Steps finished, in order. */
  completed: z.array(z.string()),
});

/** `lock` and `journal` below portal/rotation/ (two records of one collection, told apart by their schemas). */
export function rotationLock(store: ObjectStore): JsonCollection<typeof lockRecordSchema> {
  return new JsonCollection(store, { prefix: ROTATION_RECORDS_PREFIX, schema: lockRecordSchema });
}

export function rotationJournal(store: ObjectStore): JsonCollection<typeof journalSchema> {
  return new JsonCollection(store, { prefix: ROTATION_RECORDS_PREFIX, schema: journalSchema });
}

/** Finished rotations by id. */
export function rotationHistory(store: ObjectStore): JsonCollection<typeof journalSchema> {
  return new JsonCollection(store, { prefix: ROTATION_HISTORY_PREFIX, schema: journalSchema });
}
