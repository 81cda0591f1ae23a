import type { Readable } from "node:stream";

/** What an uploaded object carries besides its bytes. */
export interface UploadMeta {
  contentType: string;
  /** `attachment; filename=...` with the original name (see content-disposition.ts). */
  contentDisposition: string;
  /** Stored as object metadata (x-amz-meta-*), e.g. who uploaded it. */
  metadata?: Record<string, string>;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/** A part as the store holds it: what completing checks the caller's list against. */
export interface StoredPart extends UploadedPart {
  /** Bytes, as stored. */
  size: number;
}

/**
 * Multipart uploads, the one way files get into a client folder (portal, API and CLI):
 * S3's CreateMultipartUpload / UploadPart / CompleteMultipartUpload in AWS mode, the same steps
 * over the data directory in local mode. Parts may arrive in any order and be sent again.
 */
export interface MultipartStore {
  readonly location: string;
  /** True when a part can go straight to storage through a presigned URL (S3); false when the portal receives it (local). */
  readonly presigns: boolean;
  create(key: string, meta: UploadMeta): Promise<string>;
  /**
   * A URL that accepts `PUT` of exactly `length` bytes as this part for `expiresInSeconds` (S3 only):
   * `Content-Length` is one of the signed headers, so a body of another size is refused by S3.
   */
  presignPart(key: string, uploadId: string, partNumber: number, length: number, expiresInSeconds: number): Promise<string>;
  /** Every part stored so far, by ascending part number (S3: ListParts, every page). */
  listParts(key: string, uploadId: string): Promise<StoredPart[]>;
  /** Stores one part; `length` must be its exact size. Resolves the part's ETag. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Readable | Uint8Array, length: number): Promise<string>;
  /**
   * Joins the parts (ascending part numbers) into the object. Without `replace`, an object already
   * stored under the key is kept and FileExistsError is thrown (the upload stays open: abort it).
   */
  complete(key: string, uploadId: string, parts: UploadedPart[], options: { replace: boolean }): Promise<void>;
  /** Drops the upload and its parts; aborting an unknown or finished upload is not an error. */
  abort(key: string, uploadId: string): Promise<void>;
}

/** S3's limits: parts of at least 5 MiB (but the last), at most 10,000 parts, 5 TiB per object. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 16 * 1024 * 1024;

export interface PartPlan {
  partSize: number;
  partCount: number;
}

/** Splits `size` bytes into parts of `preferred` bytes, larger when the file would need more than 10,000 parts. */
export function planParts(size: number, preferred = DEFAULT_PART_SIZE): PartPlan {
  const mib = 1024 * 1024;
  const needed = Math.ceil(size / MAX_PARTS / mib) * mib;
  const partSize = Math.max(preferred, needed, 1);
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Byte length of part `partNumber` (1-based) of a plan for `size` bytes. */
export function partLength(size: number, plan: PartPlan, partNumber: number): number {
  if (partNumber < 1 || partNumber > plan.partCount) return 0;
  return Math.min(plan.partSize, size - (partNumber - 1) * plan.partSize);
}
