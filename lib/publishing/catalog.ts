import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import { compareNames } from "../compare-names.js";
import { NotFoundError } from "../errors.js";
import { clientFolderKey, clientNameProblem, RESERVED_FOLDER, validateClientName } from "../links/layout.js";
import { SelectionMatcher } from "./selection.js";

/** One shareable file of a client: its key in the store and its path inside the client's folder. */
export interface CatalogFile {
  key: string;
  /** Relative to the client's folder, e.g. "reports/2024/Q1.pdf". */
  path: string;
  size: number;
  lastModified: Date;
}

/** What a client folder holds, read up to a limit of files: exact (with the files) or a lower bound. */
export interface ClientContents {
  fileCount: number;
  bytes: number;
  /** The count is exact (the whole folder was read); else it is a lower bound. */
  complete: boolean;
  /** Every file, when complete. */
  files?: CatalogFile[];
}

export interface ClientSummary {
  client: string;
  fileCount: number;
  bytes: number;
}

export interface CatalogOptions {
  /** Keys per listing request after the first (S3 caps it at 1,000). */
  pageSize?: number;
  /** A smaller first page lets signing start while the rest of the listing loads. */
  firstPageSize?: number;
  /** Told about each file that is left out because no viewer could download it (see servableKeyReason). */
  onUnservable?: (key: string, reason: string) => void;
}

/**
 * Why CloudFront (and the local edge) could not serve an object under this key, or undefined when
 * it can: S3 keys end at 1,024 bytes, and a backslash or NUL never reaches the origin unchanged.
 * Such files are left off the page instead of being listed with a link that cannot work.
 */
export function servableKeyReason(key: string): string | undefined {
  if (Buffer.byteLength(key) > 1024) return "its key is longer than 1,024 bytes";
  if (key.includes("\\")) return "its key contains a backslash";
  if (key.includes("\0")) return "its key contains a NUL character";
  return undefined;
}

/** The path of a key inside a client folder when it is a shareable file; undefined for markers, pages and unservable names. */
export function shareablePath(relative: string): string | undefined {
  if (relative === "" || relative.endsWith("/")) return undefined; // folder marker
  if (relative.startsWith(`${RESERVED_FOLDER}/`)) return undefined; // published pages
  // CloudFront and the edge normalise "." and ".." away, so such a key cannot be served.
  if (relative.includes(".") && `/${relative}/`.match(/\/\.\.?\//)) return undefined;
  return relative;
}

/** Clients are the folders directly under the prefix; their files are everything below, minus the reserved page folder. */
export class Catalog {
  private readonly pageSize: number;
  private readonly firstPageSize: number;
  private readonly onUnservable: CatalogOptions["onUnservable"];

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    options: CatalogOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.firstPageSize = options.firstPageSize ?? Math.min(200, this.pageSize);
    this.onUnservable = options.onUnservable;
  }

  /** Client folder names, sorted (one delimiter listing; no counts). */
  async clientNames(): Promise<string[]> {
    const root = this.prefix ? `${this.prefix}/` : "";
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.store.list({ prefix: root, delimiter: "/", ...(token ? { token } : {}) });
      for (const p of page.prefixes) {
        const name = p.slice(root.length, -1);
        if (isClientName(name)) names.push(name);
      }
      token = page.nextToken;
    } while (token);
    return names.sort(compareNames);
  }

  /** Every client with its number of shareable files and their total size (one full listing of the prefix). */
  async clients(): Promise<ClientSummary[]> {
    const root = this.prefix ? `${this.prefix}/` : "";
    const byClient = new Map<string, ClientSummary>();
    for await (const objects of this.pages(root, this.pageSize)) {
      for (const object of objects) {
        const rest = object.key.slice(root.length);
        const slash = rest.indexOf("/");
        if (slash < 1) continue; // an object directly under the prefix belongs to no client
        const client = rest.slice(0, slash);
        if (!isClientName(client)) continue;
        let summary = byClient.get(client);
        if (!summary) byClient.set(client, (summary = { client, fileCount: 0, bytes: 0 }));
        if (shareablePath(rest.slice(slash + 1)) !== undefined && servableKeyReason(object.key) === undefined) {
          summary.fileCount += 1;
          summary.bytes += object.size;
        }
      }
    }
    return [...byClient.values()].sort((a, b) => compareNames(a.client, b.client));
  }

  /**
   * One page of client names in order, after `after` (the last name of the previous page): one
   * delimiter listing, no counts. `next` is the name to pass back for the following page.
   */
  async clientNamePage(options: { after?: string; limit?: number } = {}): Promise<{ names: string[]; next?: string }> {
    const root = this.prefix ? `${this.prefix}/` : "";
    const limit = Math.max(1, Math.min(options.limit ?? 1000, 1000));
    const names: string[] = [];
    let token: string | undefined;
    let startAfter = options.after === undefined ? undefined : `${root}${options.after}/\u{10FFFF}`;
    let more = false;
    do {
      const page = await this.store.list({ prefix: root, delimiter: "/", maxKeys: 1000, ...(token ? { token } : startAfter ? { startAfter } : {}) });
      for (const p of page.prefixes) {
        const name = p.slice(root.length, -1);
        if (!isClientName(name)) continue;
        if (names.length === limit) {
          more = true;
          break;
        }
        names.push(name);
      }
      token = more ? undefined : page.nextToken;
      startAfter = undefined;
    } while (token);
    return { names, ...(more ? { next: names.at(-1)! } : {}) };
  }

  /**
   * The client's file count and size, reading at most `limit` files (a listing page at a time): exact
   * and with the files when there are no more, else a lower bound (`complete: false`).
   */
  async summary(client: string, limit: number): Promise<ClientContents> {
    const files: CatalogFile[] = [];
    let bytes = 0;
    for await (const page of this.filePages(client, { firstPageSize: Math.min(1000, limit + 1) })) {
      for (const file of page) {
        if (files.length === limit) return { fileCount: limit, bytes, complete: false };
        files.push(file);
        bytes += file.size;
      }
    }
    return { fileCount: files.length, bytes, complete: true, files };
  }

  /**
   * One folder of the client, one level deep (a delimiter listing): its sub-folders and up to `limit`
   * files, with a token for the rest. The reserved page folder is left out.
   */
  async folder(client: string, folder: string, options: { token?: string; limit?: number } = {}): Promise<{ folders: string[]; files: CatalogFile[]; next?: string }> {
    const root = clientFolderKey(this.prefix, validateClientName(client));
    const page = await this.store.list({ prefix: `${root}${folder}`, delimiter: "/", maxKeys: Math.max(1, Math.min(options.limit ?? 200, 1000)), ...(options.token ? { token: options.token } : {}) });
    const folders = page.prefixes.map((p) => p.slice(root.length)).filter((p) => p !== `${RESERVED_FOLDER}/` && shareablePath(`${p}x`) !== undefined);
    const files: CatalogFile[] = [];
    for (const object of page.objects) {
      const path = shareablePath(object.key.slice(root.length));
      if (path !== undefined && servableKeyReason(object.key) === undefined) files.push({ key: object.key, path, size: object.size, lastModified: object.lastModified });
    }
    return { folders, files, ...(page.nextToken ? { next: page.nextToken } : {}) };
  }

  /**
   * One page of the client's shareable files in key order (the JSON API's list): `token` is the
   * `next` of the previous page. Throws NotFoundError when nothing is stored under the client's folder.
   */
  async filesPage(client: string, options: { limit?: number; token?: string } = {}): Promise<{ files: CatalogFile[]; next?: string }> {
    const folder = clientFolderKey(this.prefix, validateClientName(client));
    const page = await this.store.list({ prefix: folder, maxKeys: Math.max(1, Math.min(options.limit ?? 1000, 1000)), ...(options.token ? { token: options.token } : {}) });
    if (!options.token && page.objects.length === 0 && !page.nextToken) {
      throw new NotFoundError(`there is no client folder "${client}"`, "client", `${this.store.location}/${folder}`);
    }
    const files: CatalogFile[] = [];
    for (const object of page.objects) {
      const path = shareablePath(object.key.slice(folder.length));
      if (path !== undefined && servableKeyReason(object.key) === undefined) files.push({ key: object.key, path, size: object.size, lastModified: object.lastModified });
    }
    return { files, ...(page.nextToken ? { next: page.nextToken } : {}) };
  }

  /** How many files a selection covers (the whole folder when absent), counting as the listing streams and stopping at `limit`. */
  async countCovered(client: string, selection: readonly string[] | undefined, limit: number): Promise<number> {
    const matcher = selection && selection.length > 0 ? new SelectionMatcher(selection) : undefined;
    let count = 0;
    for await (const page of this.filePages(client, { firstPageSize: 1000 })) {
      for (const file of page) {
        if (matcher && !matcher.cover(file.path)) continue;
        if (++count >= limit) return count;
      }
    }
    return count;
  }

  /** Whether anything at all is stored under the client's folder. */
  async hasClient(client: string): Promise<boolean> {
    const page = await this.store.list({ prefix: clientFolderKey(this.prefix, validateClientName(client)), maxKeys: 1 });
    return page.objects.length > 0 || page.prefixes.length > 0;
  }

  /**
   * The client's shareable files, one listing page at a time. The next page is requested before
   * this one is handed out, so the caller's work on a page overlaps the next request.
   * Throws NotFoundError when nothing at all is stored under the client's folder.
   */
  async *filePages(client: string, options: { firstPageSize?: number; onUnservable?: CatalogOptions["onUnservable"] } = {}): AsyncGenerator<CatalogFile[], void, undefined> {
    const folder = clientFolderKey(this.prefix, validateClientName(client));
    let seen = 0;
    for await (const objects of this.pages(folder, options.firstPageSize)) {
      seen += objects.length;
      const files: CatalogFile[] = [];
      for (const object of objects) {
        const path = shareablePath(object.key.slice(folder.length));
        if (path === undefined) continue;
        const unservable = servableKeyReason(object.key);
        if (unservable) {
          options.onUnservable?.(object.key, unservable);
          this.onUnservable?.(object.key, unservable);
          continue;
        }
        files.push({ key: object.key, path, size: object.size, lastModified: object.lastModified });
      }
      yield files;
    }
    if (seen === 0) {
      throw new NotFoundError(`there is no client folder "${client}"`, "client", `${this.store.location}/${folder}`);
    }
  }

  /** All of the client's shareable files. */
  async files(client: string): Promise<CatalogFile[]> {
    const all: CatalogFile[] = [];
    for await (const page of this.filePages(client)) all.push(...page);
    return all;
  }

  /** Listing pages under a prefix, each next page already requested when one is yielded. */
  private async *pages(prefix: string, firstPageSize = this.firstPageSize): AsyncGenerator<ObjectInfo[], void, undefined> {
    let next = this.store.list({ prefix, maxKeys: firstPageSize });
    while (true) {
      const page = await next;
      const token = page.nextToken;
      if (token) {
        next = this.store.list({ prefix, maxKeys: this.pageSize, token });
        next.catch(() => undefined); // awaited on the next turn; do not report it unhandled if the caller stops early
      }
      yield page.objects;
      if (!token) return;
    }
  }
}

/** Folders under the prefix that break the client-name rule (`_rotation-probe.txt`'s neighbours, `.hidden`) are no clients. */
function isClientName(name: string): boolean {
  return clientNameProblem(name) === undefined;
}

