import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { FileExistsError, UploadStateError } from "./errors.js";
import type { MultipartStore, StoredPart, UploadedPart, UploadMeta } from "./multipart.js";
import { presignWithoutChecksums } from "./s3-presign.js";
import { conditionalOutcome, isMissingKey, isMissingUpload } from "../storage/s3-outcomes.js";

/** S3 multipart uploads on one bucket; parts go through presigned URLs (browser) or UploadPart (CLI). */
export class S3Multipart implements MultipartStore {
  readonly location: string;
  readonly presigns = true;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    this.location = `s3://${bucket}`;
  }

  async create(key: string, meta: UploadMeta): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: meta.contentType,
        ContentDisposition: meta.contentDisposition,
        Metadata: meta.metadata,
      }),
    );
    if (!out.UploadId) throw new Error(`CreateMultipartUpload for s3://${this.bucket}/${key} returned no upload id`);
    return out.UploadId;
  }

  presignPart(key: string, uploadId: string, partNumber: number, length: number, expiresInSeconds: number): Promise<string> {
    // ContentLength makes `content-length` a signed header (X-Amz-SignedHeaders=content-length;host):
    // S3 refuses a body of any other size, so the size the portal accepted is the size stored.
    const command = new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: length });
    return presignWithoutChecksums(this.client, command, expiresInSeconds);
  }

  async listParts(key: string, uploadId: string): Promise<StoredPart[]> {
    const parts: StoredPart[] = [];
    let marker: string | undefined;
    try {
      for (;;) {
        const out = await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }));
        for (const part of out.Parts ?? []) {
          if (part.PartNumber === undefined || part.ETag === undefined || part.Size === undefined) continue;
          parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size });
        }
        if (!out.IsTruncated || !out.NextPartNumberMarker || out.NextPartNumberMarker === marker) break;
        marker = out.NextPartNumberMarker;
      }
    } catch (error) {
      if (isMissingUpload(error)) {
        throw new UploadStateError(`there is no open upload ${uploadId} for ${key}: it was completed, aborted or removed; start the upload again`);
      }
      throw error;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Readable | Uint8Array, length: number): Promise<string> {
    const out = await this.client.send(
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: length }),
    );
    if (!out.ETag) throw new UploadStateError(`S3 returned no ETag for part ${partNumber} of ${key}`);
    return out.ETag;
  }

  async complete(key: string, uploadId: string, parts: UploadedPart[], options: { replace: boolean }): Promise<void> {
    // S3 refuses the overwrite itself with If-None-Match; the HEAD covers stores that ignore the header.
    if (!options.replace && (await this.exists(key))) throw exists(key);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          ...(options.replace ? {} : { IfNoneMatch: "*" }),
        }),
      );
    } catch (error) {
      if (conditionalOutcome(error) === "exists") throw exists(key);
      const e = error as { name?: string };
      if (e.name === "NoSuchUpload" || e.name === "InvalidPart" || e.name === "InvalidPartOrder" || e.name === "EntityTooSmall") {
        throw new UploadStateError(`S3 refused to complete the upload of ${key}: ${e.name}`);
      }
      throw error;
    }
  }

  async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!isMissingUpload(error)) throw error;
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissingKey(error)) return false;
      throw error;
    }
  }
}

function exists(key: string): FileExistsError {
  return new FileExistsError(`a file is already stored as ${key}: choose replace or keep both`, key);
}
