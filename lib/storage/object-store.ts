import type { Readable } from "node:stream";

/** One stored object as a listing or a HEAD request describes it. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  etag?: string;
  contentType?: string;
  /** Returned by head/get when the store keeps it (S3 does; the emulator in tests does not). */
  cacheControl?: string;
  /** Returned by head/get when the object was stored with one (uploads carry the original file name). */
  contentDisposition?: string;
}

export interface ListOptions {
  /** Only keys that start with this prefix ("" for all). */
  prefix: string;
  /** Group keys by this delimiter (usually "/"); grouped prefixes come back in `prefixes`. */
  delimiter?: string;
  /** Continuation token from the previous page. */
  token?: string;
  /** Start with the first key after this one (S3's StartAfter); ignored when `token` is given. */
  startAfter?: string;
  /** Page size; adapters cap it at 1,000 like S3. */
  maxKeys?: number;
}

export interface ListPage {
  objects: ObjectInfo[];
  /** Common prefixes (each ends with the delimiter) when a delimiter was given. */
  prefixes: string[];
  /** Set when there are more pages. */
  nextToken?: string;
}

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  metadata?: Record<string, string>;
}

/** Inclusive byte range, as in an HTTP Range header; `end` defaults to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface GetResult extends ObjectInfo {
  body: Readable;
  /** The inclusive range served, when a range was asked for. */
  range?: { start: number; end: number };
}

/**
 * The object store port: S3 in production, a local directory in local mode and tests.
 * Keys are S3-style ("client_files/acme-corp/report.zip"), never file-system paths.
 */
export interface ObjectStore {
  /** Where the objects live, for messages: "s3://bucket" or "dir:/abs/path". */
  readonly location: string;
  list(options: ListOptions): Promise<ListPage>;
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /**
   * Writes only when no object has the key yet: true when this call created it, false when one
   * existed (which is left as it was). Of several callers racing for one key, in any processes,
   * exactly one gets true: claims that must hold across processes are made with it.
   */
  create(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean>;
  /** Resolves undefined when the object does not exist. */
  get(key: string, options?: { range?: ByteRange }): Promise<GetResult | undefined>;
  /** Resolves undefined when the object does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Object tags, as S3 object tagging has them: a few name=value pairs beside an object, gone when the
 * object is replaced (a new object starts without tags). Malware scanning keeps its verdict there
 * (docs/scanning.md). Both adapters implement it; a store without it cannot record scans.
 */
export interface ObjectTagging {
  /** The object's tags ({} when it has none); undefined when the object does not exist. */
  getTags(key: string): Promise<Record<string, string> | undefined>;
  /**
   * Sets these tags, keeping the object's others. With `ifEtag`, only while the object still is that
   * version: false when it is gone or was replaced (its tags then stay as they are).
   */
  putTags(key: string, tags: Record<string, string>, options?: { ifEtag?: string }): Promise<boolean>;
}

export function hasTagging(store: ObjectStore): store is ObjectStore & ObjectTagging {
  const candidate = store as Partial<ObjectTagging>;
  return typeof candidate.getTags === "function" && typeof candidate.putTags === "function";
}
