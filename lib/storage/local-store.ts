import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, open, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import type {
  ByteRange,
  GetResult,
  ListOptions,
  ListPage,
  ObjectInfo,
  ObjectStore,
  ObjectTagging,
  PutOptions,
} from "./object-store.js";
import { StorageError } from "./errors.js";
import { contentTypeFromName } from "./content-types.js";
import { assertSafeKey, compareKeys, RESERVED_DIR, TEMP_PREFIX, unsafeKeyReason } from "./local-keys.js";
import {
  DIR_MODE,
  FILE_MODE,
  errorCode,
  isMissing,
  pruneEmptyDirs,
  readDirOrEmpty,
  removeIfPresent,
  statOrUndefined,
  writeAtomically,
} from "./local-files.js";
import { linkAlong } from "./link-free-path.js";

const MAX_KEYS = 1000;
const SIDECAR_BATCH = 64;

/** What put stored beside the object, in <root>/.signed-share/meta/<key>.json. */
interface Sidecar {
  etag: string;
  size: number;
  mtimeMs: number;
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  metadata?: Record<string, string>;
}

/** The sidecar of an object just written: its identity and the headers it was stored with. */
function sidecarOf(etag: string, size: number, mtimeMs: number, options: PutOptions): Sidecar {
  return {
    etag,
    size,
    mtimeMs,
    ...(options.contentType ? { contentType: options.contentType } : {}),
    ...(options.cacheControl ? { cacheControl: options.cacheControl } : {}),
    ...(options.contentDisposition ? { contentDisposition: options.contentDisposition } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
}

/**
 * The tags of an object, in <root>/.signed-share/tags/<key>.json, with the ETag of the version they
 * were set on: a replaced object (another ETag) has none, as in S3. Kept apart from the metadata
 * sidecar so that a put racing a putTags can never leave the new object with the old one's sidecar.
 */
interface TagsFile {
  etag: string;
  tags: Record<string, string>;
}

interface ListToken {
  /** The last key or common prefix returned. */
  after: string;
  /** `after` was a common prefix: skip every key under it too. */
  grouped?: boolean;
}

/**
 * The ObjectStore port over a directory: key "a/b.txt" is the file <root>/a/b.txt, and a
 * folder marker "a/" is the folder <root>/a plus its sidecar. Content type, cache-control,
 * metadata and the ETag (MD5 of the body, like S3's for single-part uploads) live in a sidecar
 * JSON under <root>/.signed-share/meta/. A file copied in by hand has no sidecar: its content
 * type comes from its extension and its ETag from its size and mtime.
 *
 * Limits of a file system that S3 has not: a key cannot be both an object and a folder
 * ("a" and "a/b"), keys cannot hold empty, "." or ".." segments, a folder marker must be empty.
 */
export class LocalObjectStore implements ObjectStore, ObjectTagging {
  readonly root: string;
  readonly location: string;
  private readonly metaRoot: string;
  private readonly tagsRoot: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = `dir:${this.root}`;
    this.metaRoot = join(this.root, RESERVED_DIR, "meta");
    this.tagsRoot = join(this.root, RESERVED_DIR, "tags");
  }

  async list(options: ListOptions): Promise<ListPage> {
    const prefix = options.prefix;
    if (prefix.includes("\0") || prefix.includes("\\")) {
      throw new StorageError(
        `Refusing list prefix ${JSON.stringify(prefix)} in ${this.location}: it contains a NUL or a backslash.`,
        "InvalidArgument",
        this.location,
        undefined,
      );
    }
    const maxKeys = Math.max(1, Math.min(options.maxKeys ?? MAX_KEYS, MAX_KEYS));
    const token = options.token !== undefined ? this.decodeToken(options.token) : undefined;
    const keys = (await this.keysUnder(prefix)).sort(compareKeys);

    const objectKeys: string[] = [];
    const prefixes: string[] = [];
    let last: ListToken | undefined;
    let truncated = false;
    for (const key of keys) {
      if (token && (compareKeys(key, token.after) <= 0 || (token.grouped && key.startsWith(token.after)))) continue;
      const rest = key.slice(prefix.length);
      const cut = options.delimiter ? rest.indexOf(options.delimiter) : -1;
      const group = cut >= 0 ? prefix + rest.slice(0, cut + (options.delimiter?.length ?? 0)) : undefined;
      if (group !== undefined && last?.grouped && last.after === group) continue;
      if (objectKeys.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (group !== undefined) {
        prefixes.push(group);
        last = { after: group, grouped: true };
      } else {
        objectKeys.push(key);
        last = { after: key };
      }
    }

    const objects: ObjectInfo[] = [];
    for (let i = 0; i < objectKeys.length; i += SIDECAR_BATCH) {
      // The walk reads entry types without following links, so the listed keys need no second check.
      const batch = await Promise.all(objectKeys.slice(i, i + SIDECAR_BATCH).map((key) => this.describe(key, true)));
      for (const info of batch) {
        if (!info) continue; // deleted while listing
        const { contentType: _type, cacheControl: _cache, contentDisposition: _disposition, ...listed } = info; // S3 listings carry none of them
        objects.push(listed);
      }
    }
    const page: ListPage = { objects, prefixes };
    if (truncated && last) page.nextToken = Buffer.from(JSON.stringify(last)).toString("base64url");
    return page;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    assertSafeKey(key, this.location);
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (key.endsWith("/") && bytes.length > 0) {
      throw new StorageError(
        `Refusing to write ${bytes.length} bytes to ${JSON.stringify(key)} in ${this.location}: a key ending in "/" is a folder marker and must be empty here.`,
        "InvalidKey",
        this.location,
        key,
      );
    }
    const path = this.dataPath(key);
    await this.refuseLinks("put", key, this.dataSegments(key));
    const sidecar = (size: number, mtimeMs: number) => sidecarOf(`"${createHash("md5").update(bytes).digest("hex")}"`, size, mtimeMs, options);
    try {
      if (key.endsWith("/")) {
        await mkdir(path, { recursive: true, mode: DIR_MODE });
        await this.writeSidecar(key, sidecar(0, 0));
        return;
      }
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      await writeAtomically(path, bytes, async (temp) => {
        const handle = await open(temp, "r");
        try {
          const st = await handle.stat();
          await this.writeSidecar(key, sidecar(st.size, st.mtime.getTime()));
        } finally {
          await handle.close();
        }
      });
    } catch (error) {
      throw this.fsError("put", key, error);
    }
  }

  /**
   * The body goes to a temp file that is then hard-linked to the key's path: link() fails atomically
   * when the name is taken, so of racing callers (in any process on this machine) exactly one wins.
   */
  async create(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
    assertSafeKey(key, this.location);
    if (key.endsWith("/")) throw new StorageError(`Refusing to create the folder marker ${JSON.stringify(key)} in ${this.location}: create writes objects.`, "InvalidKey", this.location, key);
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    await this.refuseLinks("put", key, this.dataSegments(key));
    const path = this.dataPath(key);
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(6).toString("hex")}`);
    try {
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      await writeFile(temp, bytes, { flag: "wx", mode: FILE_MODE });
      try {
        await link(temp, path);
      } catch (error) {
        if (errorCode(error) === "EEXIST" && (await statOrUndefined(path))?.isFile()) return false;
        throw error;
      }
      const st = await stat(path);
      await this.writeSidecar(key, sidecarOf(`"${createHash("md5").update(bytes).digest("hex")}"`, st.size, st.mtime.getTime(), options));
      return true;
    } catch (error) {
      throw this.fsError("put", key, error);
    } finally {
      await removeIfPresent(temp).catch(() => undefined);
    }
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<GetResult | undefined> {
    assertSafeKey(key, this.location);
    if (key.endsWith("/")) {
      const info = await this.describe(key);
      if (!info) return undefined;
      if (options.range) throw this.rangeError(key, options.range, 0);
      return { ...info, body: Readable.from([]) };
    }
    if (await this.throughLink(this.dataSegments(key))) return undefined;
    // O_NOFOLLOW: a link swapped in after the check above is refused too (ELOOP).
    const handle = await open(this.dataPath(key), constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
      if (isMissing(error) || errorCode(error) === "EISDIR" || errorCode(error) === "ELOOP") return undefined;
      throw this.fsError("get", key, error);
    });
    if (!handle) return undefined;
    try {
      const st = await handle.stat();
      if (!st.isFile()) {
        await handle.close();
        return undefined;
      }
      const info = this.infoFrom(key, st.size, st.mtime, await this.readSidecar(key));
      if (!options.range) return { ...info, body: handle.createReadStream() };
      const { start } = options.range;
      const end = Math.min(options.range.end ?? st.size - 1, st.size - 1);
      if (start >= st.size || end < start) throw this.rangeError(key, options.range, st.size);
      return { ...info, body: handle.createReadStream({ start, end }), range: { start, end } };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error instanceof StorageError ? error : this.fsError("get", key, error);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertSafeKey(key, this.location);
    try {
      return await this.describe(key);
    } catch (error) {
      throw this.fsError("head", key, error);
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key, this.location);
    const path = this.dataPath(key);
    try {
      // Through a linked folder the key names nothing here; a link as the last segment is itself removed.
      if (await this.throughLink(this.dataSegments(key).slice(0, -1))) return;
      if (!key.endsWith("/")) await removeIfPresent(path);
      if (await this.throughLink(this.sidecarSegments(key).slice(0, -1))) return;
      await removeIfPresent(this.sidecarPath(key));
      if (!key.endsWith("/") && !(await this.throughLink(this.tagsSegments(key).slice(0, -1)))) {
        await removeIfPresent(this.tagsPath(key));
        await pruneEmptyDirs(dirname(this.tagsPath(key)), this.tagsRoot);
      }
      const keepMarked = async (dir: string) =>
        (await statOrUndefined(this.sidecarPath(`${dir.slice(this.root.length + 1).split(sep).join("/")}/`))) !== undefined;
      await pruneEmptyDirs(key.endsWith("/") ? path : dirname(path), this.root, keepMarked);
      await pruneEmptyDirs(dirname(this.sidecarPath(key)), this.metaRoot);
    } catch (error) {
      throw this.fsError("delete", key, error);
    }
  }

  async getTags(key: string): Promise<Record<string, string> | undefined> {
    assertSafeKey(key, this.location);
    try {
      const info = key.endsWith("/") ? undefined : await this.describe(key);
      if (!info) return undefined;
      const stored = await this.readTags(key);
      return stored && stored.etag === info.etag ? { ...stored.tags } : {};
    } catch (error) {
      throw this.fsError("get", key, error);
    }
  }

  async putTags(key: string, tags: Record<string, string>, options: { ifEtag?: string } = {}): Promise<boolean> {
    assertSafeKey(key, this.location);
    if (key.endsWith("/")) throw new StorageError(`Refusing to tag the folder marker ${JSON.stringify(key)} in ${this.location}: tags belong to objects.`, "InvalidKey", this.location, key);
    try {
      const info = await this.describe(key);
      if (!info?.etag || (options.ifEtag !== undefined && info.etag !== options.ifEtag)) return false;
      const stored = await this.readTags(key);
      const kept = stored && stored.etag === info.etag ? stored.tags : {};
      await this.refuseLinks("put", key, this.tagsSegments(key));
      const path = this.tagsPath(key);
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      await writeAtomically(path, JSON.stringify({ etag: info.etag, tags: { ...kept, ...tags } } satisfies TagsFile));
      return true;
    } catch (error) {
      throw this.fsError("put", key, error);
    }
  }

  /**
   * Moves a finished file that lies under the root (an assembled upload) into place as `key`,
   * without copying it. With `replace: false` an existing object is kept and false is returned;
   * the link() that publishes the file fails atomically when the name is taken.
   */
  async adopt(key: string, source: string, options: PutOptions & { etag: string; replace: boolean }): Promise<boolean> {
    assertSafeKey(key, this.location);
    if (key.endsWith("/")) throw new StorageError(`Refusing to store a file as the folder marker ${JSON.stringify(key)} in ${this.location}.`, "InvalidKey", this.location, key);
    await this.refuseLinks("put", key, this.dataSegments(key));
    const path = this.dataPath(key);
    const st = await stat(source);
    const sidecar = sidecarOf(options.etag, st.size, st.mtime.getTime(), options);
    try {
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      if (options.replace) {
        await this.writeSidecar(key, sidecar);
        await rename(source, path);
        return true;
      }
      try {
        await link(source, path);
      } catch (error) {
        if (errorCode(error) === "EEXIST" && (await statOrUndefined(path))?.isFile()) return false;
        throw error;
      }
      await this.writeSidecar(key, sidecar);
      await removeIfPresent(source);
      return true;
    } catch (error) {
      throw this.fsError("put", key, error);
    }
  }

  private dataSegments(key: string): string[] {
    return key.split("/").filter((s) => s !== "");
  }

  private dataPath(key: string): string {
    return join(this.root, ...this.dataSegments(key));
  }

  private sidecarSegments(key: string): string[] {
    return [RESERVED_DIR, "meta", ...`${key}.json`.split("/")];
  }

  private sidecarPath(key: string): string {
    return join(this.root, ...this.sidecarSegments(key));
  }

  private tagsSegments(key: string): string[] {
    return [RESERVED_DIR, "tags", ...`${key}.json`.split("/")];
  }

  private tagsPath(key: string): string {
    return join(this.root, ...this.tagsSegments(key));
  }

  private async readTags(key: string): Promise<TagsFile | undefined> {
    if (await this.throughLink(this.tagsSegments(key))) return undefined;
    try {
      const parsed = JSON.parse(await readFile(this.tagsPath(key), "utf8")) as Partial<TagsFile>;
      return typeof parsed.etag === "string" && parsed.tags && typeof parsed.tags === "object" ? (parsed as TagsFile) : undefined;
    } catch (error) {
      if (isMissing(error) || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  private async throughLink(segments: string[]): Promise<boolean> {
    return (await linkAlong(this.root, segments)) !== undefined;
  }

  /** Writes never go through a symbolic link: they could land anywhere the process may write. */
  private async refuseLinks(operation: string, key: string, segments: string[]): Promise<void> {
    const link = await linkAlong(this.root, segments);
    if (link === undefined) return;
    throw new StorageError(
      `${operation} ${this.location}/${key} refused: ${this.root}/${link} is a symbolic link, and local storage never follows links. Replace the link with the file or folder it points to.`,
      "InvalidKey",
      this.location,
      key,
    );
  }

  private async writeSidecar(key: string, sidecar: Sidecar): Promise<void> {
    await this.refuseLinks("put", key, this.sidecarSegments(key));
    const path = this.sidecarPath(key);
    await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
    await writeAtomically(path, JSON.stringify(sidecar));
  }

  private async readSidecar(key: string): Promise<Sidecar | undefined> {
    if (await this.throughLink(this.sidecarSegments(key))) return undefined;
    try {
      return JSON.parse(await readFile(this.sidecarPath(key), "utf8")) as Sidecar;
    } catch (error) {
      if (isMissing(error) || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /** The object's info, or undefined when it does not exist (or is reached through a symbolic link). */
  private async describe(key: string, linksChecked = false): Promise<ObjectInfo | undefined> {
    if (!linksChecked && (await this.throughLink(this.dataSegments(key)))) return undefined;
    const st = await statOrUndefined(this.dataPath(key));
    if (key.endsWith("/")) {
      const sidecar = await this.readSidecar(key);
      return st?.isDirectory() && sidecar ? this.infoFrom(key, 0, new Date(sidecar.mtimeMs || st.mtimeMs), sidecar) : undefined;
    }
    if (!st?.isFile()) return undefined;
    return this.infoFrom(key, st.size, st.mtime, await this.readSidecar(key));
  }

  private infoFrom(key: string, size: number, mtime: Date, sidecar: Sidecar | undefined): ObjectInfo {
    const fresh = sidecar && (key.endsWith("/") || (sidecar.size === size && sidecar.mtimeMs === mtime.getTime()));
    const etag = fresh
      ? sidecar.etag
      : `"${createHash("sha1").update(`${size}-${mtime.getTime()}`).digest("hex").slice(0, 32)}"`;
    return {
      key,
      size,
      lastModified: mtime,
      etag,
      contentType: sidecar?.contentType ?? contentTypeFromName(key),
      ...(sidecar?.cacheControl ? { cacheControl: sidecar.cacheControl } : {}),
      ...(sidecar?.contentDisposition ? { contentDisposition: sidecar.contentDisposition } : {}),
    };
  }

  /** Every key under `prefix`: files, and folders that carry a marker sidecar. */
  private async keysUnder(prefix: string): Promise<string[]> {
    const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    if (folder !== "" && unsafeKeyReason(folder) !== undefined) return []; // no key can live there
    if (await this.throughLink(this.dataSegments(folder))) return []; // never list through a link
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      for (const entry of await readDirOrEmpty(join(this.root, ...relative.split("/").filter(Boolean)))) {
        if (entry.name.startsWith(TEMP_PREFIX)) continue;
        if (relative === "" && entry.name === RESERVED_DIR) continue;
        const key = relative + entry.name;
        if (!key.startsWith(prefix) && !prefix.startsWith(`${key}/`)) continue;
        if (entry.isFile()) keys.push(key);
        else if (entry.isDirectory()) {
          if (`${key}/`.startsWith(prefix) && (await statOrUndefined(this.sidecarPath(`${key}/`)))) keys.push(`${key}/`);
          await walk(`${key}/`);
        }
      }
    };
    // A listing of "a/b/" includes the marker "a/b/" itself, as S3's does.
    if (folder !== "" && folder === prefix && (await statOrUndefined(this.sidecarPath(folder))) && (await statOrUndefined(this.dataPath(folder)))?.isDirectory()) {
      keys.push(folder);
    }
    await walk(folder);
    return keys;
  }

  private decodeToken(token: string): ListToken {
    try {
      const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as ListToken;
      if (typeof parsed.after === "string") return parsed;
    } catch {
      // fall through
    }
    throw new StorageError(
      `Invalid continuation token for ${this.location}: pass back the nextToken of the previous page unchanged.`,
      "InvalidArgument",
      this.location,
      undefined,
    );
  }

  private rangeError(key: string, range: ByteRange, size: number): StorageError {
    return new StorageError(
      `get ${this.location}/${key} failed: range bytes=${range.start}-${range.end ?? ""} is outside the object's ${size} bytes.`,
      "InvalidRange",
      this.location,
      key,
    );
  }

  private fsError(operation: string, key: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error;
    const code = errorCode(error);
    const advice =
      code === "EACCES" || code === "EPERM"
        ? ` Check that the process may read and write ${this.root} (SHARE_DATA_DIR).`
        : code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST"
          ? " In local mode a key cannot be both a file and a folder (\"a\" and \"a/b\")."
          : "";
    return new StorageError(
      `${operation} ${this.location}/${key} failed: ${(error as Error).message ?? String(error)}.${advice}`,
      code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST" ? "InvalidKey" : "Unknown",
      this.location,
      key,
      { cause: error },
    );
  }
}
