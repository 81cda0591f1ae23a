import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { presignWithoutChecksums } from "./s3-presign.js";

/** What a presigned download answers with besides the bytes. */
export interface DownloadResponse {
  /** `attachment` with the original file name (content-disposition.ts). */
  contentDisposition: string;
  contentType?: string;
}

/**
 * Downloads that go straight from storage to the browser (S3: a presigned GetObject URL), so that
 * the portal never carries a file's bytes (on Lambda a response is capped at 6 MB).
 */
export interface PresignedDownloads {
  presign(key: string, response: DownloadResponse, expiresInSeconds: number): Promise<string>;
}

/** Presigned GetObject URLs on one bucket; S3 answers them with the headers given here. */
export function s3PresignedDownloads(client: S3Client, bucket: string): PresignedDownloads {
  return {
    presign: (key, response, expiresInSeconds) =>
      presignWithoutChecksums(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: response.contentDisposition,
          ...(response.contentType ? { ResponseContentType: response.contentType } : {}),
          ResponseCacheControl: "private, no-store",
        }),
        expiresInSeconds,
      ),
  };
}
