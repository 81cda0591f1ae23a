import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Clock } from "../clock.js";
import { Catalog, type CatalogFile } from "../publishing/catalog.js";
import { NotFoundError } from "../errors.js";
import { clientFolderKey, validateClientName } from "../links/layout.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { contentTypeFromName } from "../storage/content-types.js";
import { ClientProfiles, type ClientProfile, type ProfileChanges } from "./client-profiles.js";
import { attachmentDisposition } from "./content-disposition.js";
import { ClientExistsError, FileExistsError, IsAFolderError, FileTooLargeError, UploadSizeError, UploadStateError } from "./errors.js";
import { clientFileKey, existingFileKey, validateFolderPath } from "./file-path.js";
import { partLength, planParts, type MultipartStore, type PartPlan, type UploadedPart } from "./multipart.js";
import type { ScanVerdict } from "../scanning/scan-status.js";
import type { Scanning } from "../scanning/scanning.js";
import type { PresignedDownloads } from "./presigned-download.js";

const unquoted = (etag: string) => etag.replace(/"/g, "");

/** What to do when a file of that name is already stored: refuse (the default: ask the person), replace it, or keep both. */
export type OnConflict = "refuse" | "replace" | "keep-both";

export interface ClientFilesDeps {
  store: ObjectStore;
  multipart: MultipartStore;
  /** Downloads straight from storage (S3); absent when the portal serves file bodies itself (local mode). */
  downloads?: PresignedDownloads;
  /** The shared prefix (client_files). */
  prefix: string;
  clock: Clock;
  /** Largest file accepted, in bytes (SHARE_MAX_FILE_SIZE). */
  maxFileSize: number;
  /** Preferred part size of multipart uploads (tests use S3's 5 MiB minimum to get several parts from a small file). */
  partSize?: number;
  /** Malware scanning: a file's scan starts when it is stored (docs/scanning.md). */
  scanning?: Pick<Scanning, "scanStored">;
}

/** A file just stored, and its scan, which started then (resolves with the verdict, or pending/off). */
export interface StoredFile extends StartedUpload {
  scan: Promise<ScanVerdict | undefined>;
}

export interface StartedUpload {
  client: string;
  /** The path inside the client folder the file will have (differs from the one asked for with keep-both). */
  path: string;
  key: string;
  uploadId: string;
  size: number;
  plan: PartPlan;
  /** True when the completed upload replaces a stored file. */
  replace: boolean;
}

export interface PutProgress {
  path: string;
  sent: number;
  size: number;
}

/**
 * Clients and their files: create a client (an empty one exists through its folder marker), upload
 * (multipart, the same steps for the portal, the API and the CLI), list and delete. Names follow
 * the catalog's rules; a stored file is never replaced unless the caller says so.
 */

export class ClientFiles {
  readonly profiles: ClientProfiles;
  readonly catalog: Catalog;

  constructor(private readonly deps: ClientFilesDeps) {
    this.profiles = new ClientProfiles(deps.store, deps.clock);
    this.catalog = new Catalog(deps.store, deps.prefix);
  }

  /** The shared prefix the client folders live under. */
  get prefix(): string {
    return this.deps.prefix;
  }

  get maxFileSize(): number {
    return this.deps.maxFileSize;
  }

  /** Creates the client's folder (an empty folder marker) and its profile; refuses a name that is taken or breaks the rules. */
  async createClient(client: string, profile: ProfileChanges, by: string): Promise<ClientProfile> {
    validateClientName(client);
    if ((await this.catalog.hasClient(client)) || (await this.profiles.get(client))) {
      throw new ClientExistsError(`client "${client}" already exists: pick another name or open /clients/${encodeURIComponent(client)}`);
    }
    const saved = await this.profiles.save(client, profile, by);
    await this.deps.store.put(this.folderKey(client), "", { contentType: "application/x-directory" });
    return saved;
  }

  async hasClient(client: string): Promise<boolean> {
    return this.catalog.hasClient(client);
  }

  /** The client's shareable files; NotFoundError when the client does not exist. */
  async list(client: string): Promise<CatalogFile[]> {
    return this.catalog.files(client);
  }

  /**
   * Starts a multipart upload of `size` bytes to `path` in the client's folder. Refuses a bad name,
   * a missing client, a file over the limit, and (unless onConflict says otherwise) a taken name.
   */
  async startUpload(client: string, path: string, size: number, options: { by: string; onConflict?: OnConflict; contentType?: string }): Promise<StartedUpload> {
    let key = clientFileKey(this.deps.prefix, client, path);
    if (!Number.isSafeInteger(size) || size < 0) throw new FileTooLargeError(`size ${size}: give the file's size in bytes`);
    if (size > this.deps.maxFileSize) {
      throw new FileTooLargeError(`${path} has ${size} bytes; the largest file accepted is ${this.deps.maxFileSize} bytes (SHARE_MAX_FILE_SIZE)`);
    }
    if (!(await this.catalog.hasClient(client))) throw new NotFoundError(`there is no client "${client}": create it first`, "client");
    const onConflict = options.onConflict ?? "refuse";
    let finalPath = path;
    if (await this.deps.store.head(key)) {
      if (onConflict === "refuse") throw new FileExistsError(`${path} is already stored for ${client}: replace it or keep both`, path);
      if (onConflict === "keep-both") {
        finalPath = await this.freeName(client, path);
        key = clientFileKey(this.deps.prefix, client, finalPath);
      }
    }
    const uploadId = await this.deps.multipart.create(key, {
      contentType: options.contentType || contentTypeFromName(finalPath),
      contentDisposition: attachmentDisposition(finalPath),
      metadata: { "uploaded-by": encodeURIComponent(options.by) },
    });
    return { client, path: finalPath, key, uploadId, size, plan: planParts(size, this.deps.partSize), replace: onConflict === "replace" };
  }

  /** True when parts go straight to storage through presigned URLs (S3); false when the portal receives them (local). */
  get presigns(): boolean {
    return this.deps.multipart.presigns;
  }

  /** A presigned URL for exactly `length` bytes of part `partNumber` (the plan's partLength). */
  presignPart(upload: Pick<StartedUpload, "key" | "uploadId">, partNumber: number, length: number, expiresInSeconds: number): Promise<string> {
    return this.deps.multipart.presignPart(upload.key, upload.uploadId, partNumber, length, expiresInSeconds);
  }

  uploadPart(upload: Pick<StartedUpload, "key" | "uploadId">, partNumber: number, body: Readable | Uint8Array, length: number): Promise<string> {
    return this.deps.multipart.uploadPart(upload.key, upload.uploadId, partNumber, body, length);
  }

  /**
   * Joins the parts into the file, after checking them against what the store holds (docs/files.md#uploads):
   * every part listed must be stored with that ETag, and the plan's parts 1 to N all listed (else
   * UploadStateError: send the missing parts, then complete again). Parts that add up to anything
   * but the size the upload was started with, or to more than SHARE_MAX_FILE_SIZE, abort the upload
   * (UploadSizeError, FileTooLargeError): nothing is stored. The file's malware scan starts once it is
   * stored, and the returned promise tells its verdict (nobody needs to wait for it).
   */
  async completeUpload(upload: Pick<StartedUpload, "key" | "uploadId" | "replace" | "size"> & { plan?: PartPlan }, parts: UploadedPart[]): Promise<{ scan: Promise<ScanVerdict | undefined> }> {
    const stored = new Map((await this.deps.multipart.listParts(upload.key, upload.uploadId)).map((part) => [part.partNumber, part]));
    const numbers = [...new Set(parts.map((part) => part.partNumber))].sort((a, b) => a - b);
    if (numbers.length !== parts.length) throw new UploadStateError("complete lists a part twice: list each part once");
    const plan = upload.plan ?? planParts(upload.size, this.deps.partSize);
    if (numbers.length !== plan.partCount || numbers.some((n, i) => n !== i + 1)) {
      throw new UploadStateError(`complete lists parts ${numbers.join(", ")}; this upload has parts 1 to ${plan.partCount}: send the missing ones, then complete`);
    }
    let total = 0;
    for (const part of parts) {
      const found = stored.get(part.partNumber);
      if (!found) throw new UploadStateError(`part ${part.partNumber} was not received: send it again, then complete`);
      if (unquoted(found.etag) !== unquoted(part.etag)) throw new UploadStateError(`part ${part.partNumber} was sent again since its ETag ${part.etag}: complete with the ETag of the last send`);
      total += found.size;
    }
    if (total > this.deps.maxFileSize || total !== upload.size) {
      await this.abortUpload(upload);
      if (total > this.deps.maxFileSize) throw new FileTooLargeError(`the parts of ${upload.key} hold ${total} bytes; the largest file accepted is ${this.deps.maxFileSize} bytes (SHARE_MAX_FILE_SIZE): the upload was aborted`);
      throw new UploadSizeError(`the parts of ${upload.key} hold ${total} bytes, but the upload was started for ${upload.size}: it was aborted, nothing was stored; start the upload again`);
    }
    await this.deps.multipart.complete(upload.key, upload.uploadId, parts, { replace: upload.replace });
    const scan = this.deps.scanning ? this.deps.scanning.scanStored(upload.key) : Promise.resolve<ScanVerdict>({ status: "off" });
    scan.catch(() => undefined);
    return { scan };
  }

  async abortUpload(upload: Pick<StartedUpload, "key" | "uploadId">): Promise<void> {
    await this.deps.multipart.abort(upload.key, upload.uploadId);
  }

  /**
   * Uploads a local file (the CLI): parts read one at a time into memory (one part size), sent,
   * then joined. On any failure the upload is aborted, so nothing is left behind.
   */
  async putFile(client: string, path: string, source: string, options: { by: string; onConflict?: OnConflict; onProgress?: (progress: PutProgress) => void }): Promise<StoredFile> {
    const handle = await open(source, "r");
    try {
      const { size } = await handle.stat();
      const upload = await this.startUpload(client, path, size, options);
      try {
        const parts: UploadedPart[] = [];
        let sent = 0;
        options.onProgress?.({ path: upload.path, sent, size });
        for (let partNumber = 1; partNumber <= upload.plan.partCount; partNumber += 1) {
          const length = partLength(size, upload.plan, partNumber);
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, (partNumber - 1) * upload.plan.partSize);
          if (bytesRead !== length) throw new Error(`${source} changed while it was being uploaded (read ${bytesRead} of ${length} bytes of part ${partNumber})`);
          parts.push({ partNumber, etag: await this.deps.multipart.uploadPart(upload.key, upload.uploadId, partNumber, buffer, length) });
          sent += length;
          options.onProgress?.({ path: upload.path, sent, size });
        }
        const { scan } = await this.completeUpload(upload, parts);
        return { ...upload, scan };
      } catch (error) {
        await this.abortUpload(upload).catch(() => undefined);
        throw error;
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * A short-lived URL that downloads one file straight from storage, saved under its own name
   * (Content-Disposition: attachment); undefined when the storage has none (local mode: the caller
   * serves the file). NotFoundError when the file is not there.
   */
  async downloadUrl(client: string, path: string, expiresInSeconds: number): Promise<string | undefined> {
    const key = existingFileKey(this.deps.prefix, client, path);
    if (!this.deps.downloads) return undefined;
    const object = await this.deps.store.head(key);
    if (!object) throw new NotFoundError(`${client} has no file ${path}`, "file");
    return this.deps.downloads.presign(key, { contentDisposition: attachmentDisposition(path), ...(object.contentType ? { contentType: object.contentType } : {}) }, expiresInSeconds);
  }

  /** Deletes one file (whatever its name: one stored before the name rule too); NotFoundError when it is not there. */
  async deleteFile(client: string, path: string): Promise<void> {
    const key = existingFileKey(this.deps.prefix, client, path);
    if (!(await this.deps.store.head(key))) {
      if (await this.isFolder(client, path)) throw new IsAFolderError(client, path);
      throw new NotFoundError(`${client} has no file ${path}`, "file");
    }
    await this.deps.store.delete(key);
  }

  /** Whether anything is stored under `path/` in the client's folder. */
  private async isFolder(client: string, path: string): Promise<boolean> {
    const trimmed = path.replace(/\/+$/, "");
    if (trimmed === "") return false;
    for await (const object of listAll(this.deps.store, `${this.folderKey(client)}${trimmed}/`)) {
      void object;
      return true;
    }
    return false;
  }

  /** How many files lie under a folder of the client, listing that folder only; 0 for a folder that is not there. */
  async countFolder(client: string, folder: string): Promise<number> {
    const base = validateFolderPath(folder, { existing: true });
    if (base === "") return 0;
    let count = 0;
    for await (const object of listAll(this.deps.store, `${this.folderKey(client)}${base}/`)) if (!object.key.endsWith("/")) count++;
    return count;
  }

  /** Deletes every file under a folder of the client (not the published pages); returns the paths deleted. */
  async deleteFolder(client: string, folder: string): Promise<string[]> {
    const base = validateFolderPath(folder, { existing: true });
    if (base === "") throw new NotFoundError(`name a folder inside ${client}'s folder: the whole client cannot be deleted here`, "file");
    const root = this.folderKey(client);
    const prefix = `${root}${base}/`;
    const deleted: string[] = [];
    for await (const object of listAll(this.deps.store, prefix)) {
      await this.deps.store.delete(object.key);
      deleted.push(object.key.slice(root.length));
    }
    if (deleted.length === 0) throw new NotFoundError(`${client} has no folder ${base}`, "file");
    return deleted;
  }

  /** "report.pdf" → "report (2).pdf", the first name not taken. */
  private async freeName(client: string, path: string): Promise<string> {
    const slash = path.lastIndexOf("/");
    const dir = path.slice(0, slash + 1);
    const name = path.slice(slash + 1);
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    for (let n = 2; n < 1000; n += 1) {
      const candidate = `${dir}${stem} (${n})${ext}`;
      if (!(await this.deps.store.head(clientFileKey(this.deps.prefix, client, candidate)))) return candidate;
    }
    throw new FileExistsError(`${path}: no free name left for keep-both`, path);
  }

  private folderKey(client: string): string {
    return clientFolderKey(this.deps.prefix, validateClientName(client));
  }
}
