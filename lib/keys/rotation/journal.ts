import type { z } from "zod";
import type { ObjectStore } from "../../storage/object-store.js";
import { journalSchema, rotationHistory, rotationJournal } from "./rotation-records.js";

export const JOURNAL_KEY = "portal/rotation/journal.json";
export const historyKey = (rotationId: string) => `portal/rotation/history/${rotationId}.json`;

/** full: new key, revoke every old link; keep-old: new key, old links keep working; retire: drop keys other than the active one. */
export type RotationMode = "full" | "keep-old" | "retire";

/**
 * What a rotation has done so far, written after every step: a run that died is finished by the
 * next one from here. Never holds a private key.
 */
export type Journal = z.infer<typeof journalSchema>;

export async function readJournal(store: ObjectStore): Promise<Journal | undefined> {
  return rotationJournal(store).get("journal");
}

export async function writeJournal(store: ObjectStore, journal: Journal): Promise<void> {
  await rotationJournal(store).put("journal", journal);
}

/** A finished rotation stays as the journal (for `--dry-run` and audits) and is copied to the history folder. */
export async function archiveJournal(store: ObjectStore, journal: Journal): Promise<void> {
  await rotationHistory(store).put(journal.rotationId, journal);
  await writeJournal(store, journal);
}
