import { randomBytes } from "node:crypto";
import { lstatSync } from "node:fs";
import { lstat, rename, rmdir, stat, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TEMP_PREFIX } from "./local-keys.js";

/** Everything in the data directory is its owner's alone (SECURITY.md): files 0600, folders 0700. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Writes via a temp file in the same directory + rename, so readers see old or new, never half. */
export async function writeAtomically(
  path: string,
  data: Uint8Array | string,
  beforeRename?: (tempPath: string) => Promise<void>,
): Promise<void> {
  const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(6).toString("hex")}`);
  try {
    await writeFile(temp, data, { flag: "wx", mode: FILE_MODE });
    await beforeRename?.(temp);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** True for errors that mean "nothing there" (a missing file, or a file where a folder was expected). */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

export async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (!isMissing(error) && errorCode(error) !== "EISDIR" && errorCode(error) !== "EPERM") throw error;
  });
}

/** Removes `dir` and its empty parents up to (not including) `stopAt`, keeping those `keep` says to. */
export async function pruneEmptyDirs(
  dir: string,
  stopAt: string,
  keep: (dir: string) => Promise<boolean> = async () => false,
): Promise<void> {
  for (let current = dir; current.startsWith(stopAt) && current !== stopAt; current = dirname(current)) {
    if (await keep(current)) return;
    try {
      await rmdir(current);
    } catch {
      return; // not empty, or gone
    }
  }
}

export async function statOrUndefined(path: string) {
  return stat(path).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
}

/** lstat: the entry itself, never what a symbolic link points to. */
export async function lstatOrUndefined(path: string) {
  return lstat(path).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
}

export function lstatSyncOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export type { FileHandle };
