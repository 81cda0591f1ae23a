import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareKeys, RESERVED_DIR, TEMP_PREFIX } from "./local-keys.js";
import { isMissing, lstatSyncOrUndefined } from "./local-files.js";

/** Where a listing resumes: after this key, or (grouped) after every key that starts with it. */
export interface WalkPosition {
  after: string;
  grouped?: boolean;
}

/** One step of a walk: a file's key, or a folder ("a/b/") about to be entered. */
export type WalkItem = { kind: "file"; key: string } | { kind: "folder"; key: string };

/** What the consumer answers to a folder: enter it (default) or skip everything below it. */
export type FolderAnswer = "enter" | "skip" | undefined;

interface Entry {
  /** The entry's name, with "/" appended for a folder: its place in S3's order. */
  sortName: string;
  folder: boolean;
}

/** Whether every key that starts with `key` comes at or before `position` (so a folder below it is done). */
export function subtreeDone(key: string, position: WalkPosition | undefined): boolean {
  if (!position) return false;
  if (position.grouped && key.startsWith(position.after)) return true;
  if (position.after.startsWith(key)) return false; // the position lies inside
  return compareKeys(key, position.after) < 0;
}

/** Whether a file's key comes at or before `position`. */
export function keyDone(key: string, position: WalkPosition | undefined): boolean {
  if (!position) return false;
  if (position.grouped && key.startsWith(position.after)) return true;
  return compareKeys(key, position.after) <= 0;
}

/**
 * One directory's entries in S3's order (UTF-8 bytes of the key, so a folder "a" sorts as "a/"),
 * leaving out temp files, the metadata folder at the root and anything that is neither a file nor
 * a folder (a symbolic link, a socket): the types come from the directory itself, never from
 * following an entry. A path that is itself a link, or no folder, reads as empty.
 */
async function sortedEntries(root: string, folderKey: string): Promise<Entry[]> {
  const path = join(root, ...folderKey.split("/").filter(Boolean));
  // A quick synchronous check (one lstat) that the folder is still a folder and not a link now.
  if (folderKey !== "" && !lstatSyncOrUndefined(path)?.isDirectory()) return [];
  const dirents = await readdir(path, { withFileTypes: true }).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const entries: Entry[] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith(TEMP_PREFIX)) continue;
    if (folderKey === "" && dirent.name === RESERVED_DIR) continue;
    if (dirent.isFile()) entries.push({ sortName: dirent.name, folder: false });
    else if (dirent.isDirectory()) entries.push({ sortName: `${dirent.name}/`, folder: true });
  }
  entries.sort((a, b) => compareKeys(a.sortName, b.sortName));
  return entries;
}

/**
 * Walks the files and folders below `folderKey` ("" or ending in "/") in S3's key order, reading
 * one directory at a time: memory holds the directories along the current path, never the whole
 * tree. Starts after `position` without reading what lies before it (the directories on the way
 * to the position are read, their earlier entries skipped). `match` narrows the first level to the
 * entries a prefix can reach. For each folder the consumer may answer "skip" through next().
 */
export async function* walkKeys(
  root: string,
  folderKey: string,
  options: { position?: WalkPosition; match?: (key: string, folder: boolean) => boolean } = {},
): AsyncGenerator<WalkItem, void, FolderAnswer> {
  yield* walkFolder(root, folderKey, options.position, options.match);
}

async function* walkFolder(
  root: string,
  folderKey: string,
  position: WalkPosition | undefined,
  match: ((key: string, folder: boolean) => boolean) | undefined,
): AsyncGenerator<WalkItem, void, FolderAnswer> {
  const entries = await sortedEntries(root, folderKey);
  for (const entry of entries) {
    const key = folderKey + entry.sortName;
    if (match && !match(key, entry.folder)) continue;
    if (entry.folder) {
      if (subtreeDone(key, position)) continue;
      const answer = yield { kind: "folder", key };
      if (answer === "skip") continue;
      // Only the folder the position lies in needs it below; later folders start from their beginning.
      yield* walkFolder(root, key, position && position.after.startsWith(key) ? position : undefined, undefined);
    } else if (!keyDone(key, position)) {
      yield { kind: "file", key };
    }
  }
}
