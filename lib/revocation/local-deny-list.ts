import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { RESERVED_DIR } from "../storage/local-keys.js";
import { DIR_MODE, FILE_MODE, isMissing, writeAtomically } from "../storage/local-files.js";
import { assertFits, entryBytes, type DenyList, type DenyListChange, type DenyListEntry } from "./deny-list.js";

/** Where local mode keeps the revocation list: in the data directory's metadata folder, never served. */
export const localDenyListPath = (dataDir: string) => join(resolve(dataDir), RESERVED_DIR, "edge", "deny-list.json");

interface DenyListFile {
  /** link id → expiry (ISO 8601) */
  revoked: Record<string, string>;
}

const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

/**
 * The local revocation list: one JSON file, replaced atomically (temp file + rename), so the edge
 * reads the old or the new list, never half of one. Writers (portal, `links`, `rotate-keys`) take
 * a lock file, so two revocations at once both land. Reads are cached until the file changes.
 */
export class LocalDenyList implements DenyList {
  readonly location: string;
  readonly takesEffect = "at once";
  private cached?: { stamp: string; ids: Map<string, string> };

  constructor(private readonly path: string) {
    this.location = `file:${path}`;
  }

  static forDataDir(dataDir: string): LocalDenyList {
    return new LocalDenyList(localDenyListPath(dataDir));
  }

  /** What the local edge's guard asks for every request. */
  async has(linkId: string): Promise<boolean> {
    return (await this.read()).has(linkId);
  }

  async entries(): Promise<DenyListEntry[]> {
    return [...(await this.read())].map(([linkId, expiresAt]) => ({ linkId, expiresAt }));
  }

  async update(change: DenyListChange): Promise<void> {
    if (change.puts.length === 0 && change.deletes.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true, mode: DIR_MODE });
    await this.locked(async () => {
      const ids = new Map(await this.read());
      let bytes = 0;
      for (const [linkId, expiresAt] of ids) bytes += entryBytes({ linkId, expiresAt });
      assertFits(bytes, change, this.location);
      for (const entry of change.deletes) ids.delete(entry.linkId);
      for (const entry of change.puts) ids.set(entry.linkId, entry.expiresAt);
      const file: DenyListFile = { revoked: Object.fromEntries([...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
      await writeAtomically(this.path, `${JSON.stringify(file, null, 1)}\n`);
      this.cached = undefined;
    });
  }

  private async read(): Promise<Map<string, string>> {
    const info = await stat(this.path).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!info) return new Map();
    const stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (this.cached?.stamp === stamp) return this.cached.ids;
    const text = await readFile(this.path, "utf8");
    let file: DenyListFile;
    try {
      file = JSON.parse(text) as DenyListFile;
    } catch {
      throw new Error(`the revocation list ${this.path} is not JSON: restore it from a backup, or fix it by hand`);
    }
    const ids = new Map<string, string>();
    for (const [linkId, expiresAt] of Object.entries(file?.revoked ?? {})) if (typeof expiresAt === "string") ids.set(linkId, expiresAt);
    this.cached = { stamp, ids };
    return ids;
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await open(lock, "wx", FILE_MODE)).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const held = await stat(lock).catch(() => undefined);
        if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) {
          await unlink(lock).catch(() => undefined); // its writer died
          continue;
        }
        if (Date.now() > deadline) throw new Error(`the revocation list ${this.path} stayed locked for ${LOCK_WAIT_MS / 1000} s (${lock}); if no signed-share command is running, delete the lock file`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}
