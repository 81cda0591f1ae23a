import { chmod, lstat, mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { DIR_MODE, FILE_MODE, isMissing } from "./local-files.js";
import { TEMP_PREFIX } from "./local-keys.js";

/** Temp files younger than this may belong to a write in progress in another process (a CLI tool). */
export const TEMP_GRACE_MS = 10 * 60 * 1000;
/** The key store's temp files: `.<name>.<12 hex>.tmp` (lib/keys/local-key-files.ts). */
const KEY_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

export interface DataDirSweep {
  /** Files and folders whose mode was wider than 0600 / 0700. */
  tightened: string[];
  /** Temp files a crash left behind (they can hold signed URLs). */
  removedTemps: string[];
}

/**
 * Makes the data directory its owner's alone and removes what crashed writes left: creates it 0700
 * if missing, narrows every folder to 0700 and every file to 0600, and deletes temp files older
 * than TEMP_GRACE_MS. Symbolic links are neither followed nor changed. Runs at local-mode start-up:
 * with `only`, on the folder itself and those top-level entries (before anything listens), then on
 * everything in the background (a folder of 280,000 files takes seconds).
 */
export async function secureDataDir(dir: string, now: Date, options: { only?: readonly string[] } = {}): Promise<DataDirSweep> {
  const sweep: DataDirSweep = { tightened: [], removedTemps: [] };
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const visit = async (path: string, isDir: boolean): Promise<void> => {
    const st = await lstat(path).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!st || st.isSymbolicLink()) return;
    const wanted = isDir ? DIR_MODE : FILE_MODE;
    if ((st.mode & 0o777 & ~wanted) !== 0) {
      await chmod(path, st.mode & 0o777 & wanted);
      sweep.tightened.push(path);
    }
    if (!isDir) return;
    for (const entry of await readdir(path, { withFileTypes: true })) {
      // `only`: the folder itself and these entries of it (the keys, at start-up), not the rest.
      if (path === dir && options.only && !options.only.includes(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isFile() && (entry.name.startsWith(TEMP_PREFIX) || KEY_TEMP.test(entry.name))) {
        const age = now.getTime() - (await lstat(child)).mtimeMs;
        if (age > TEMP_GRACE_MS) {
          await unlink(child).catch((error: unknown) => {
            if (!isMissing(error)) throw error;
          });
          sweep.removedTemps.push(child);
          continue;
        }
      }
      if (entry.isDirectory() || entry.isFile()) await visit(child, entry.isDirectory());
    }
  };
  await visit(dir, true);
  return sweep;
}
