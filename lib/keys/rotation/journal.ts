import type { ObjectStore } from "../../storage/object-store.js";
import type { KeyType } from "../../signing/key-material.js";
import { readStoreJson, writeStoreJson } from "./store-json.js";

export const JOURNAL_KEY = "portal/rotation/journal.json";
export const historyKey = (rotationId: string) => `portal/rotation/history/${rotationId}.json`;

/** full: new key, revoke every old link; keep-old: new key, old links keep working; retire: drop keys other than the active one. */
export type RotationMode = "full" | "keep-old" | "retire";

/**
 * What a rotation has done so far, written after every step: a run that died is finished by the
 * next one from here. Never holds a private key.
 */
export interface Journal {
  rotationId: string;
  mode: RotationMode;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The active key when the rotation started. */
  oldKeyPairId: string;
  keyType: KeyType;
  /** The key that is (or becomes) active and stays in the group. */
  newKeyPairId?: string;
  /** Keys taken out of the key group (fixed before the group is changed). */
  removedKeyPairIds?: string[];
  revokedLinks?: number;
  invalidationId?: string;
  deletedKeyPairIds?: string[];
  keptKeyPairIds?: string[];
  /** Steps finished, in order. */
  completed: string[];
}

export async function readJournal(store: ObjectStore): Promise<Journal | undefined> {
  return readStoreJson<Journal>(store, JOURNAL_KEY);
}

export async function writeJournal(store: ObjectStore, journal: Journal): Promise<void> {
  await writeStoreJson(store, JOURNAL_KEY, journal);
}

/** A finished rotation stays as the journal (for `--dry-run` and audits) and is copied to the history folder. */
export async function archiveJournal(store: ObjectStore, journal: Journal): Promise<void> {
  await writeStoreJson(store, historyKey(journal.rotationId), journal);
  await writeJournal(store, journal);
}
