import type { ObjectStore } from "../storage/object-store.js";
import type { LinkRecord } from "./link-record.js";
import type { LinkRecords } from "./link-records.js";

/**
 * Writes a link's record and its page so that no crash leaves a page without a record: the record
 * first (marked pending), then the page (with its file set, and the manifest and download list of a
 * page for many files), then the record again without the mark. A failure undoes
 * what it can; whatever stays behind is a pending record, which `links list` shows and
 * `links revoke` removes with its page. `indexed`: the record's index entries are written already
 * (LinkRecords.indexNew).
 */
export async function writeRecordFirst(store: ObjectStore, records: LinkRecords, record: LinkRecord, writePage: () => Promise<void>, options: { indexed?: boolean } = {}): Promise<void> {
  await records.create({ ...record, pending: true }, options);
  try {
    await writePage();
  } catch (error) {
    // What was written before the failure goes; a pending record without a page is harmless.
    // The page too: its objects may be written at the same time, so one may fail after the page is written.
    for (const key of [record.pageKey, ...(record.pageObjects ?? []), ...(record.fileSetKey ? [record.fileSetKey] : [])]) await store.delete(key).catch(() => undefined);
    await records.remove(record).catch(() => undefined);
    throw error;
  }
  try {
    await records.write(record);
  } catch (error) {
    for (const key of [record.pageKey, ...(record.pageObjects ?? [])]) {
      await store.delete(key).catch((cleanup: Error) => {
        (error as Error).message += ` (and ${key} could not be removed: ${cleanup.message}; revoke link ${record.linkId} to remove it)`;
      });
    }
    throw error;
  }
}
