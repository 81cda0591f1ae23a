import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Hono } from "hono";
import type { ClientFiles } from "../../../lib/files/client-files.js";
import type { Clock } from "../../../lib/clock.js";
import type { AppEnv } from "../../env.js";
import { ShareError } from "../../../lib/errors.js";
import type { UploadTokens } from "../../../lib/files/upload-session.js";
import type { Logger } from "../../logger.js";

export const PART_PATH = "/api/uploads/part";

/**
 * Local mode's stand-in for S3's presigned part URLs: PUT the bytes of one part to the URL the
 * portal issued (?t= grant). The grant is the authority, not a cookie, exactly like a presigned URL,
 * so the same browser code serves both modes. The body streams to the data directory (never
 * buffered); its Content-Length must be the part's length.
 */
export function uploadPartRoutes(deps: { files: ClientFiles; uploadTokens: UploadTokens; clock: Clock; logger: Logger }) {
  return new Hono<AppEnv>().put(PART_PATH, async (c) => {
    const grant = deps.uploadTokens.openPart(c.req.query("t"), deps.clock());
    if (!grant.ok) {
      if (grant.reason === "expired") throw new ShareError("gone", "This part URL has expired: ask the portal for new part URLs (POST /api/uploads/parts) and send the part again.");
      throw new ShareError("forbidden", "This part URL is not one the portal issued.");
    }
    const { key, uploadId, partNumber, length } = grant.value;
    const declared = c.req.header("content-length");
    if (declared === undefined) throw new ShareError("bad-input", `Content-Length is required: send Content-Length: ${length}.`);
    if (Number(declared) !== length) throw new ShareError("bad-input", `Part ${partNumber} has ${length} bytes; this request announced ${declared}.`);
    const body = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    try {
      const etag = await deps.files.uploadPart({ key, uploadId }, partNumber, body, length);
      c.header("ETag", etag);
      // no-transform: a compressed response would carry a weak ETag (W/"..."), which is not the part's.
      c.header("Cache-Control", "no-store, no-transform");
      return c.json({ partNumber, etag });
    } catch (error) {
      body.destroy();
      throw error;
    }
  });
}
