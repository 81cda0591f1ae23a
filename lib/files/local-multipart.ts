import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Clock } from "../clock.js";
import { DIR_MODE, FILE_MODE } from "../storage/local-files.js";
import { RESERVED_DIR, TEMP_PREFIX, unsafeKeyReason } from "../storage/local-keys.js";
import type { LocalObjectStore } from "../storage/local-store.js";
import { FileExistsError, UploadStateError } from "./errors.js";
import { MAX_PARTS, type MultipartStore, type StoredPart, type UploadedPart, type UploadMeta } from "./multipart.js";

/** Unfinished uploads older than this are removed when another upload starts (S3: the bucket's lifecycle rule). */
export const STALE_UPLOAD_MS = 7 * 24 * 60 * 60 * 1000;
const UPLOAD_ID = /^[A-Za-z0-9_-]{22}$/;

interface Session {
  key: string;
  meta: UploadMeta;
  createdAt: string;
}

/**
 * Multipart uploads into the data directory, the local twin of S3's: each upload is a folder
 * <root>/.signed-share/uploads/<id>/ holding its parts (part-00001-<md5>); completing streams the
 * parts into one file there and links it into place (LocalObjectStore.adopt), so readers see the
 * whole file or none of it and the bytes never pass through memory.
 */
export class LocalMultipart implements MultipartStore {
  readonly location: string;
  readonly presigns = false;
  private readonly uploadsDir: string;

  constructor(
    private readonly store: LocalObjectStore,
    private readonly clock: Clock,
  ) {
    this.location = store.location;
    this.uploadsDir = join(store.root, RESERVED_DIR, "uploads");
  }

  async create(key: string, meta: UploadMeta): Promise<string> {
    const reason = unsafeKeyReason(key);
    if (reason || key.endsWith("/")) throw new UploadStateError(`cannot upload to ${JSON.stringify(key)}: ${reason ?? "it names a folder"}`);
    await this.pruneStale();
    const uploadId = randomBytes(16).toString("base64url");
    const dir = this.dir(uploadId);
    // Parts are files like any other in the data directory: its owner's alone (SECURITY.md).
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const session: Session = { key, meta, createdAt: this.clock().toISOString() };
    await writeFile(join(dir, "upload.json"), JSON.stringify(session), { mode: FILE_MODE });
    return uploadId;
  }

  presignPart(): Promise<string> {
    throw new Error("local uploads have no presigned URLs: the portal receives the parts (PUT /api/uploads/parts)");
  }

  async listParts(key: string, uploadId: string): Promise<StoredPart[]> {
    await this.session(key, uploadId);
    const dir = this.dir(uploadId);
    const parts: StoredPart[] = [];
    for (const name of await readdir(dir)) {
      const match = /^part-(\d{5})-([0-9a-f]{32})$/.exec(name);
      if (!match) continue;
      parts.push({ partNumber: Number(match[1]), etag: `"${match[2]}"`, size: (await stat(join(dir, name))).size });
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Readable | Uint8Array, length: number): Promise<string> {
    await this.session(key, uploadId);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) throw new UploadStateError(`part number ${partNumber}: must be 1 to ${MAX_PARTS}`);
    const dir = this.dir(uploadId);
    const temp = join(dir, `${TEMP_PREFIX}part-${partNumber}-${randomBytes(6).toString("hex")}`);
    const hash = createHash("md5");
    let received = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > length) return done(new UploadStateError(`part ${partNumber} is longer than the ${length} bytes announced`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body instanceof Uint8Array ? Readable.from([body]) : body, count, createWriteStream(temp, { flags: "wx", mode: FILE_MODE }));
      if (received !== length) throw new UploadStateError(`part ${partNumber} ended after ${received} of the ${length} bytes announced`);
      const md5 = hash.digest("hex");
      for (const old of await this.partFiles(uploadId, partNumber)) await unlink(join(dir, old)).catch(() => undefined);
      await rename(temp, join(dir, partFile(partNumber, md5)));
      return `"${md5}"`;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async complete(key: string, uploadId: string, parts: UploadedPart[], options: { replace: boolean }): Promise<void> {
    const session = await this.session(key, uploadId);
    if (parts.length === 0) throw new UploadStateError("complete needs at least one part");
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const dir = this.dir(uploadId);
    const files: string[] = [];
    for (const [i, part] of sorted.entries()) {
      if (i > 0 && sorted[i - 1]!.partNumber === part.partNumber) throw new UploadStateError(`part ${part.partNumber} is listed twice`);
      const md5 = part.etag.replace(/"/g, "");
      if (!/^[0-9a-f]{32}$/.test(md5)) throw new UploadStateError(`part ${part.partNumber}: ETag ${JSON.stringify(part.etag)} is not one this store gave out`);
      const file = partFile(part.partNumber, md5);
      if (!(await stat(join(dir, file)).catch(() => undefined))) {
        throw new UploadStateError(`part ${part.partNumber} with ETag ${part.etag} was not received: send it again, then complete`);
      }
      files.push(file);
    }
    if (!options.replace && (await this.store.head(key))) throw exists(key);

    const assembled = join(dir, `${TEMP_PREFIX}assembled`);
    const out = createWriteStream(assembled, { mode: FILE_MODE });
    try {
      // One write stream for every part; a pipeline() per part would leave its listeners on it each time.
      for (const file of files) {
        for await (const chunk of createReadStream(join(dir, file))) if (!out.write(chunk)) await once(out, "drain");
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    } catch (error) {
      out.destroy();
      await unlink(assembled).catch(() => undefined);
      throw error;
    }
    // S3's ETag of a multipart object: MD5 of the parts' binary MD5s, then "-<part count>".
    const etagHash = createHash("md5");
    for (const part of sorted) etagHash.update(Buffer.from(part.etag.replace(/"/g, ""), "hex"));
    const etag = `"${etagHash.digest("hex")}-${sorted.length}"`;
    const stored = await this.store.adopt(key, assembled, {
      contentType: session.meta.contentType,
      contentDisposition: session.meta.contentDisposition,
      ...(session.meta.metadata ? { metadata: session.meta.metadata } : {}),
      etag,
      replace: options.replace,
    });
    if (!stored) {
      await unlink(assembled).catch(() => undefined);
      throw exists(key);
    }
    await rm(dir, { recursive: true, force: true });
  }

  async abort(key: string, uploadId: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) return;
    const session = await this.readSession(uploadId);
    if (session && session.key !== key) throw new UploadStateError(`upload ${uploadId} is not for ${key}`);
    await rm(this.dir(uploadId), { recursive: true, force: true });
  }

  /** Upload ids with their keys and start times, e.g. for a clean-up report. */
  async open(): Promise<{ uploadId: string; key: string; createdAt: string }[]> {
    const ids = await readdir(this.uploadsDir).catch(() => [] as string[]);
    const found = [];
    for (const uploadId of ids) {
      const session = UPLOAD_ID.test(uploadId) ? await this.readSession(uploadId) : undefined;
      if (session) found.push({ uploadId, key: session.key, createdAt: session.createdAt });
    }
    return found;
  }

  private async pruneStale(): Promise<void> {
    const cutoff = this.clock().getTime() - STALE_UPLOAD_MS;
    for (const upload of await this.open()) {
      if (Date.parse(upload.createdAt) < cutoff) await rm(this.dir(upload.uploadId), { recursive: true, force: true });
    }
  }

  private async session(key: string, uploadId: string): Promise<Session> {
    const session = UPLOAD_ID.test(uploadId) ? await this.readSession(uploadId) : undefined;
    if (!session) throw new UploadStateError(`there is no open upload ${uploadId}: it was completed, aborted or removed as stale; start the upload again`);
    if (session.key !== key) throw new UploadStateError(`upload ${uploadId} is not for ${key}`);
    return session;
  }

  private async readSession(uploadId: string): Promise<Session | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir(uploadId), "upload.json"), "utf8")) as Session;
    } catch {
      return undefined;
    }
  }

  private async partFiles(uploadId: string, partNumber: number): Promise<string[]> {
    const prefix = `part-${String(partNumber).padStart(5, "0")}-`;
    return (await readdir(this.dir(uploadId))).filter((name) => name.startsWith(prefix));
  }

  private dir(uploadId: string): string {
    return join(this.uploadsDir, uploadId);
  }
}

function partFile(partNumber: number, md5: string): string {
  return `part-${String(partNumber).padStart(5, "0")}-${md5}`;
}

function exists(key: string): FileExistsError {
  return new FileExistsError(`a file is already stored as ${key}: choose replace or keep both`, key);
}
