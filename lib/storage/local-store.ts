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
import { assertSafeKey, RESERVED_DIR, TEMP_PREFIX, unsafeKeyReason } from "./local-keys.js";
import {
  DIR_MODE,
  FILE_MODE,
  errorCode,
  isMissing,
  lstatSyncOrUndefined,
  pruneEmptyDirs,
  removeIfPresent,
  statOrUndefined,
  writeAtomically,
} from "./local-files.js";
import { linkAlong } from "./link-free-path.js";
import { ListCursors } from "./list-cursors.js";
import { keyDone, walkKeys, type FolderAnswer, type WalkItem, type WalkPosition } from "./local-walk.js";

const MAX_KEYS = 1000;
/** Keys described between two turns of the event loop. */
const LSTAT_CHUNK = 250;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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

/** The continuation token's content: the last key or common prefix returned (grouped: a common prefix, skip every key under it too). */
type ListToken = WalkPosition;

/** The common prefix `key` falls in for a delimited listing, or undefined when it is listed itself. */
function groupOf(key: string, prefix: string, delimiter: string): string | undefined {
  const cut = key.indexOf(delimiter, prefix.length);
  return cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
}

/** A listing in progress: the walk, an item read ahead of a page's end, the folder answer it owes, the last group. */
class WalkCursor {
  private readonly ahead: (WalkItem | { kind: "marker"; key: string })[] = [];
  private owed: FolderAnswer;
  private pendingFolder = false;
  /** The common prefix last returned: keys in it are skipped. */
  group: string | undefined;

  constructor(
    private readonly walk: AsyncGenerator<WalkItem, void, FolderAnswer> | undefined,
    /** Where the listing stands (the last key handed out): markers at or before it are not listed again. */
    public position: WalkPosition | undefined,
  ) {
    if (position?.grouped) this.group = position.after;
  }

  /** The next item: one put back first, else the walk's next (answering the folder it yielded last). */
  async next(): Promise<WalkItem | { kind: "marker"; key: string } | undefined> {
    const back = this.ahead.shift();
    if (back) {
      this.pendingFolder = back.kind === "folder";
      return back;
    }
    if (!this.walk) return undefined;
    const answer = this.pendingFolder ? (this.owed ?? "enter") : undefined;
    this.owed = undefined;
    const step = await this.walk.next(answer);
    if (step.done) return undefined;
    this.pendingFolder = step.value.kind === "folder";
    return step.value;
  }

  /** The answer to the folder just returned by next(). */
  answer(answer: "enter" | "skip"): void {
    this.owed = answer;
  }

  /** Returns an item to be read first next time (it did not fit on the page). */
  putBack(item: WalkItem | { kind: "marker"; key: string }): void {
    this.ahead.unshift(item);
    this.pendingFolder = false;
    this.owed = undefined;
  }

  close(): void {
    void this.walk?.return().catch(() => undefined);
  }
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
  private readonly cursors = new ListCursors<WalkCursor>();
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
    const delimiter = options.delimiter || undefined;
    const cursorKey = options.token === undefined ? undefined : `${options.token}\0${prefix}\0${delimiter ?? ""}`;
    const cursor = (cursorKey && this.cursors.take(cursorKey)) || (await this.openCursor(prefix, options.token, options.startAfter));

    const objectKeys: string[] = [];
    const prefixes: string[] = [];
    let last: ListToken | undefined;
    let truncated = false;
    const full = () => objectKeys.length + prefixes.length >= maxKeys;
    const emit = (key: string, grouped: boolean) => {
      (grouped ? prefixes : objectKeys).push(key);
      last = grouped ? { after: key, grouped: true } : { after: key };
      if (grouped) cursor.group = key;
    };
    try {
      while (true) {
        const item = await cursor.next();
        if (!item) break;
        const group = delimiter === undefined ? undefined : groupOf(item.key, prefix, delimiter);
        if (item.kind !== "folder") {
          if (group !== undefined && group === cursor.group) continue;
          if (full()) {
            cursor.putBack(item);
            truncated = true;
            break;
          }
          emit(group ?? item.key, group !== undefined);
          continue;
        }
        // A folder: grouped whole when the delimiter ends at it, else its marker (if any) and its contents.
        if (group !== undefined && group === cursor.group) {
          cursor.answer("skip");
          continue;
        }
        if (group === item.key) {
          // A folder the position lies in counts only for its keys after the position (S3's StartAfter).
          const from = cursor.position && cursor.position.after.startsWith(item.key) ? cursor.position : undefined;
          if (!(await this.hasKeysUnder(item.key, from))) {
            cursor.answer("skip");
            continue;
          }
          if (full()) {
            cursor.putBack(item);
            truncated = true;
            break;
          }
          emit(group, true);
          cursor.answer("skip");
          continue;
        }
        // Its marker is a key: listed, or (a delimiter inside the folder's name) the common prefix it falls in.
        if (!keyDone(item.key, cursor.position) && (await this.isMarker(item.key))) {
          if (full()) {
            cursor.putBack(item);
            truncated = true;
            break;
          }
          emit(group ?? item.key, group !== undefined);
        }
        cursor.answer("enter");
      }
    } catch (error) {
      cursor.close();
      throw error;
    }

    const objects = await this.describeListed(objectKeys);
    const page: ListPage = { objects, prefixes };
    if (truncated && last) {
      page.nextToken = Buffer.from(JSON.stringify(last)).toString("base64url");
      cursor.position = last;
      this.cursors.keep(`${page.nextToken}\0${prefix}\0${delimiter ?? ""}`, cursor);
    } else {
      cursor.close();
    }
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

  /** A walk positioned for `prefix` and `token` (one the store handed out, from any process). */
  private async openCursor(prefix: string, token: string | undefined, startAfter: string | undefined): Promise<WalkCursor> {
    const position = token !== undefined ? this.decodeToken(token) : startAfter !== undefined ? { after: startAfter } : undefined;
    const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    // No key can live under an unsafe folder, and a listing never goes through a link.
    const empty = (folder !== "" && unsafeKeyReason(folder) !== undefined) || (await this.throughLink(this.dataSegments(folder)));
    const walk = empty ? undefined : walkKeys(this.root, folder, { ...(position ? { position } : {}), match: (key) => key.startsWith(prefix) });
    const cursor = new WalkCursor(walk, position);
    // A listing of "a/b/" includes the marker "a/b/" itself, as S3's does.
    if (!empty && folder !== "" && folder === prefix && !keyDone(folder, position) && (await this.isMarker(folder))) cursor.putBack({ kind: "marker", key: folder });
    return cursor;
  }

  /** A folder with a marker sidecar is the key "a/b/" (an empty S3 "folder"). */
  private async isMarker(folderKey: string): Promise<boolean> {
    // Asked for every folder a listing enters: one synchronous lstat, the link check only for a marker.
    const st = lstatSyncOrUndefined(this.sidecarPath(folderKey));
    return st?.isFile() === true && (await this.throughLink(this.sidecarSegments(folderKey).slice(0, -1))) === false;
  }

  /** Whether any key lies below a folder (S3 shows a common prefix only then): stops at the first. */
  private async hasKeysUnder(folderKey: string, position?: WalkPosition): Promise<boolean> {
    if (!keyDone(folderKey, position) && (await this.isMarker(folderKey))) return true;
    const walk = walkKeys(this.root, folderKey, position ? { position } : {});
    try {
      let answer: FolderAnswer;
      for (let step = await walk.next(); !step.done; step = await walk.next(answer)) {
        if (step.value.kind === "file" || (!keyDone(step.value.key, position) && (await this.isMarker(step.value.key)))) return true;
        answer = "enter";
      }
      return false;
    } finally {
      await walk.return();
    }
  }

  /**
   * Size and date of listed keys, from lstat (never following a link: a file swapped for a link
   * since the walk read its folder is left out). Listings carry no ETag, content type or other
   * sidecar field, so listing reads no sidecar; head and get have them.
   */
  private async describeListed(keys: readonly string[]): Promise<ObjectInfo[]> {
    const objects: ObjectInfo[] = [];
    for (let i = 0; i < keys.length; i += LSTAT_CHUNK) {
      // Synchronous lstat runs at about twice the speed of fs.promises' here; a chunk holds the event loop for a millisecond or two.
      if (i > 0) await yieldToEventLoop();
      for (const key of keys.slice(i, i + LSTAT_CHUNK)) {
        if (key.endsWith("/")) {
          const marker = await this.readSidecar(key);
          if (marker) objects.push({ key, size: 0, lastModified: new Date(marker.mtimeMs || 0) });
          continue;
        }
        // The walk made the key from directory entries: the path is the root and the key, no normalising needed.
        const st = lstatSyncOrUndefined(`${this.root}${sep}${sep === "/" ? key : key.split("/").join(sep)}`);
        if (st?.isFile()) objects.push({ key, size: st.size, lastModified: st.mtime }); // else gone or replaced while listing
      }
    }
    return objects;
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
