import type { GetObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/**
 * A presigned URL for `command`, without the checksum headers the SDK's default checksums add at
 * signing time (requestChecksumCalculation / responseChecksumValidation WHEN_SUPPORTED, AWS itself):
 * on an UploadPart URL the CRC32 of the empty body the command has then (x-amz-checksum-crc32=AAAAAA==),
 * which S3-compatible stores refuse for the real part; on a GetObject URL x-amz-checksum-mode=ENABLED,
 * which asks for checksums a browser never checks. The part's ETag is what completing an upload checks.
 */
export function presignWithoutChecksums(client: S3Client, presignable: GetObjectCommand | UploadPartCommand, expiresInSeconds: number): Promise<string> {
  // The stack's types differ per command; the middleware touches the request's headers only.
  const command = presignable as UploadPartCommand;
  type Middleware = Parameters<typeof command.middlewareStack.addRelativeTo>[0];
  const withoutChecksum = (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers;
    if (headers) for (const name of Object.keys(headers)) if (/^x-amz-(checksum-|sdk-checksum-algorithm$)/i.test(name)) delete headers[name];
    return next(args);
  };
  command.middlewareStack.addRelativeTo(withoutChecksum as unknown as Middleware, {
    relation: "after",
    toMiddleware: "flexibleChecksumsMiddleware",
    name: "presignedWithoutChecksum",
    override: true,
  });
  return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
}
