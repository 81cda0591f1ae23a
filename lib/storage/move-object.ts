import { randomBytes } from "node:crypto";
import { link, unlink } from "node:fs/promises";
import { join } from "node:path";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { LocalObjectStore } from "./local-store.js";
import { RESERVED_DIR, TEMP_PREFIX } from "./local-keys.js";
import { hasTagging, type ObjectStore } from "./object-store.js";
import { S3ObjectStore } from "./s3-store.js";
import { conditionalOutcome, isMissingKey } from "./s3-outcomes.js";

/** What a move did: moved, or nothing because an object already had the new key (never overwritten). */
export type MoveOutcome = "moved" | "exists" | "missing";

/**
 * Moves one object to another key of the same store without ever replacing an object there, and
 * without the bytes passing through this process: S3 copies inside the bucket (CopyObject, or
 * UploadPartCopy above 5 GiB) with If-None-Match, the local store links the file into place.
 */
export interface ObjectMover {
  move(from: string, to: string): Promise<MoveOutcome>;
}

/** S3's limit for one CopyObject; larger objects are copied in parts. */
export const COPY_OBJECT_LIMIT = 5 * 1024 ** 3;
const COPY_PART_SIZE = 1024 ** 3;

export function moverFor(store: ObjectStore): ObjectMover {
  if (store instanceof S3ObjectStore) return new S3Mover(store.client, store.bucket);
  if (store instanceof LocalObjectStore) return keepingTags(new LocalMover(store), store);
  throw new Error(`moving objects needs the S3 or the local store, not ${store.location}`);
}

/** Whether a move keeps the object's tags (its malware-scan verdict): the local store's does; S3's copy starts untagged. */
export function moveKeepsTags(store: ObjectStore): boolean {
  return store instanceof LocalObjectStore;
}

/**
 * The local store's tags go with the object (its malware-scan verdict above all: without it the edge
 * would refuse the moved file as unscanned); the link does not carry them, so they are written again.
 * On S3 the copy is made without tags (only GuardDuty may set scan tags there, docs/scanning.md): the
 * moved object is scanned again where it lands.
 */
function keepingTags(mover: ObjectMover, store: ObjectStore): ObjectMover {
  if (!hasTagging(store)) return mover;
  return {
    async move(from, to) {
      const tags = await store.getTags(from);
      const outcome = await mover.move(from, to);
      if (outcome === "moved" && tags && Object.keys(tags).length > 0) await store.putTags(to, tags);
      return outcome;
    },
  };
}


export class S3Mover implements ObjectMover {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly partSize = COPY_PART_SIZE,
    private readonly copyLimit = COPY_OBJECT_LIMIT,
  ) {}

  async move(from: string, to: string): Promise<MoveOutcome> {
    const source = await this.head(from);
    if (!source) return "missing";
    // S3 refuses the copy itself with If-None-Match; the HEAD covers S3-compatible stores that ignore the header.
    if (await this.head(to)) return "exists";
    const copySource = `${this.bucket}/${from.split("/").map(encodeURIComponent).join("/")}`;
    try {
      if ((source.ContentLength ?? 0) <= this.copyLimit) {
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: copySource, MetadataDirective: "COPY", TaggingDirective: "REPLACE", IfNoneMatch: "*" }));
      } else {
        await this.copyInParts(copySource, to, source);
      }
    } catch (error) {
      if (conditionalOutcome(error) === "exists") return "exists";
      throw error;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
    return "moved";
  }

  private async copyInParts(copySource: string, to: string, source: Awaited<ReturnType<S3Mover["head"]>> & object): Promise<void> {
    const size = source.ContentLength ?? 0;
    const created = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: to,
        ...(source.ContentType ? { ContentType: source.ContentType } : {}),
        ...(source.ContentDisposition ? { ContentDisposition: source.ContentDisposition } : {}),
        ...(source.Metadata ? { Metadata: source.Metadata } : {}),
      }),
    );
    const uploadId = created.UploadId!;
    try {
      const parts: { PartNumber: number; ETag: string }[] = [];
      for (let start = 0, n = 1; start < size; start += this.partSize, n += 1) {
        const end = Math.min(size, start + this.partSize) - 1;
        const out = await this.client.send(
          new UploadPartCopyCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, PartNumber: n, CopySource: copySource, CopySourceRange: `bytes=${start}-${end}` }),
        );
        parts.push({ PartNumber: n, ETag: out.CopyPartResult!.ETag! });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: "*" }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  private async head(key: string) {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isMissingKey(error)) return undefined;
      throw error;
    }
  }
}

/** The data directory: a hard link into place (refused when the name is taken), then the old key removed. */
export class LocalMover implements ObjectMover {
  constructor(private readonly store: LocalObjectStore) {}

  async move(from: string, to: string): Promise<MoveOutcome> {
    const source = await this.store.head(from);
    if (!source) return "missing";
    // adopt() takes a file of the data directory and links it into place; give it a link of its own.
    const temp = join(this.store.root, RESERVED_DIR, `${TEMP_PREFIX}move-${randomBytes(8).toString("hex")}`);
    await link(join(this.store.root, ...from.split("/")), temp);
    const stored = await this.store.adopt(to, temp, {
      etag: source.etag ?? `"${randomBytes(16).toString("hex")}"`,
      replace: false,
      ...(source.contentType ? { contentType: source.contentType } : {}),
      ...(source.contentDisposition ? { contentDisposition: source.contentDisposition } : {}),
    });
    if (!stored) {
      await unlink(temp).catch(() => undefined);
      return "exists";
    }
    await this.store.delete(from);
    return "moved";
  }
}
