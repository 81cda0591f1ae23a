import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Clock } from "../../lib/clock.js";
import { FileExistsError, FileTooLargeError, UploadSizeError, UploadStateError } from "../../lib/files/errors.js";
import { MAX_PARTS } from "../../lib/files/multipart.js";
import type { TrustedPublicKeys } from "../../lib/keys/trusted-public-keys.js";
import { parseAddress } from "../../lib/mail/address.js";
import { HTTP_STATUS, NotFoundError, ShareError, type ErrorKind } from "../../lib/errors.js";
import { checkRequestCredential } from "../../lib/requests/credential.js";
import type { ReceivedFile } from "../../lib/requests/ledger.js";
import { uploadApiPath } from "../../lib/requests/request-link.js";
import type { OpenRequest, RequestUploads } from "../../lib/requests/request-uploads.js";
import { REQUEST_API_ORIGIN_PATH } from "../../lib/edge/request-api-route.js";
import type { AppEnv } from "../env.js";
import type { Logger } from "../logger.js";
import { RequestRateLimiter } from "./request-rate-limit.js";

/**
 * Where the portal answers the upload API of file requests. The files host forwards
 * `/<client>/_links/<request>/upload/...` here with this prefix in front (CloudFront: the portal
 * origin's origin path; local mode: the edge's proxy), so no path of the portal's own can collide.
 */
export const REQUEST_API_PREFIX = REQUEST_API_ORIGIN_PATH;

/** The header in which the upload page repeats its link's query (`?l=...&Policy=...`). */
export const LINK_QUERY_HEADER = "x-signed-share-link";

/** True for paths of the upload API that stream a part's body (exempt from the portal's body limit). */
export function isRequestPartPath(path: string): boolean {
  return path.startsWith(`${REQUEST_API_PREFIX}/`) && /\/upload\/part\/[^/]+\/\d+$/.test(path);
}

const startBody = z.strictObject({
  path: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(255).optional(),
  batch: z.string().max(64),
});
const partsBody = z.strictObject({ upload: z.string().max(64), partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(100) });
const completeBody = z.strictObject({
  upload: z.string().max(64),
  parts: z.array(z.strictObject({ partNumber: z.number().int().min(1).max(MAX_PARTS), etag: z.string().max(200) })).min(1).max(MAX_PARTS),
  sha256: z.string().max(64).optional(),
});
const abortBody = z.strictObject({ upload: z.string().max(64) });
const finishBody = z.strictObject({ batch: z.string().max(64), email: z.string().max(320).optional() });

export interface UploadApiDeps {
  uploads: RequestUploads;
  keys: TrustedPublicKeys;
  /** The files host's origin, as request links name it. */
  publicOrigin: string;
  clock: Clock;
  logger: Logger;
  limiter?: RequestRateLimiter;
}

type Ctx = Context<AppEnv>;

/** The receipt's view of a received file: what the client may see (no storage key). */
function fileView(file: ReceivedFile) {
  return { path: file.path, size: file.size, ...(file.sha256 ? { sha256: file.sha256 } : {}), receivedAt: file.receivedAt };
}

/**
 * The upload API of file requests (docs/requests.md#the-upload-api). Every call carries the request
 * link's own query (one `l` and the CloudFront signing parameters): the signature is checked here
 * with the key group's public keys, as the edge checked it, then the request must still take files.
 * No cookie, no session, no second secret. JSON in and out; errors are {"error": {kind, message}}.
 */
export function uploadApiRoutes(deps: UploadApiDeps) {
  const limiter = deps.limiter ?? new RequestRateLimiter(deps.clock);

  // The one error document of the JSON API ({"error": {kind, message, field?}}), with the kind's status (lib/errors.ts).
  const fail = (c: Ctx, kind: ErrorKind, message: string, options: { retryAfter?: number; field?: string } = {}) => {
    c.header("Cache-Control", "no-store");
    if (options.retryAfter !== undefined) c.header("Retry-After", String(options.retryAfter));
    return c.json({ error: { kind, message, ...(options.field ? { field: options.field } : {}) } }, HTTP_STATUS[kind]);
  };

  const failure = (c: Ctx, error: unknown) => {
    // An upload session or entry that is not there (any more): gone, for the page to start that file again.
    if (error instanceof NotFoundError) return fail(c, "gone", error.message);
    if (error instanceof FileExistsError || error instanceof UploadStateError) return fail(c, "conflict", error.message);
    if (error instanceof FileTooLargeError || error instanceof UploadSizeError) return fail(c, "too-large", error.message);
    if (error instanceof ShareError && error.kind !== "internal") return fail(c, error.kind, error.message, { ...(error.retryAfterSeconds !== undefined ? { retryAfter: error.retryAfterSeconds } : {}), ...(error.field ? { field: error.field } : {}) });
    // Anything else failed at run time: logged with its details, answered with the same document and none of them.
    deps.logger.error({ event: "request-upload-error", method: c.req.method, path: c.req.path, message: error instanceof Error ? error.message : String(error) });
    return fail(c, "internal", "the upload could not be completed here; try again in a moment");
  };

  /** The verified, open request of this call, or the refusal to send. */
  const authorize = async (c: Ctx): Promise<{ ok: true; record: OpenRequest } | { ok: false; response: Response }> => {
    const url = new URL(c.req.url);
    const viewerPath = url.pathname.slice(REQUEST_API_PREFIX.length);
    // The page sends the link's query in a header too, in case a proxy on the way drops the signing
    // parameters from the forwarded URL: it is checked exactly as the URL's would be.
    const copied = c.req.header(LINK_QUERY_HEADER);
    const query = /[?&]Signature=/.test(url.search) || copied === undefined || !copied.startsWith("?") ? url.search : copied;
    const check = await checkRequestCredential(`${viewerPath}${query}`, { publicOrigin: deps.publicOrigin, keys: deps.keys, now: deps.clock(), viewerIp: "" });
    if (!check.ok) {
      const expired = check.problem === "expired";
      deps.logger.warn({ event: "request-upload-refused", path: viewerPath, reason: check.problem });
      return { ok: false, response: expired ? fail(c, "gone", "this link has expired: ask the sender for a new one") : fail(c, "forbidden", "this link is not valid for sending files") };
    }
    const wait = limiter.take(check.requestId);
    if (wait !== undefined) return { ok: false, response: fail(c, "rate-limited", `too many calls for this request: wait ${wait} s`, { retryAfter: wait }) };
    try {
      return { ok: true, record: await deps.uploads.open(check) };
    } catch (error) {
      return { ok: false, response: failure(c, error) };
    }
  };

  const body = async <T>(c: Ctx, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return { ok: false, response: fail(c, "bad-input", "send a JSON object with Content-Type: application/json") };
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || undefined;
    return { ok: false, response: fail(c, "bad-input", `${field ?? "body"}: ${issue?.message ?? "invalid"}`, field ? { field } : {}) };
  };

  /** Runs one action for an authorised call, turning known errors into their answers. */
  const handle =
    (action: (c: Ctx, record: OpenRequest) => Promise<Response>) =>
    async (c: Ctx): Promise<Response> => {
      const authorised = await authorize(c);
      if (!authorised.ok) return authorised.response;
      c.header("Cache-Control", "no-store");
      try {
        return await action(c, authorised.record);
      } catch (error) {
        return failure(c, error);
      }
    };

  const base = `${REQUEST_API_PREFIX}/:client/_links/:requestId/upload`;
  return new Hono<AppEnv>()
    .get(`${base}/state`, handle(async (c, record) => c.json(await deps.uploads.state(record))))
    .post(
      `${base}/files`,
      handle(async (c, record) => {
        const input = await body(c, startBody);
        if (!input.ok) return input.response;
        const session = await deps.uploads.start(record, input.value);
        return c.json({ upload: session.id, path: session.path, size: session.size, partSize: session.partSize, partCount: session.partCount }, 201);
      }),
    )
    .get(`${base}/files/:upload`, handle(async (c, record) => c.json(await deps.uploads.storedParts(record, c.req.param("upload") ?? ""))))
    .post(
      `${base}/parts`,
      handle(async (c, record) => {
        const input = await body(c, partsBody);
        if (!input.ok) return input.response;
        const query = new URL(c.req.url).search;
        const local = (session: { id: string }, n: number) => `${deps.publicOrigin}${uploadApiPath(record.client, record.linkId)}part/${session.id}/${n}${query}`;
        return c.json({ parts: await deps.uploads.partUrls(record, input.value.upload, input.value.partNumbers, local) });
      }),
    )
    .put(
      `${base}/part/:upload/:partNumber`,
      handle(async (c, record) => {
        if (deps.uploads.presigns) return fail(c, "bad-input", "parts go straight to storage: ask for part URLs (POST upload/parts)");
        const declared = c.req.header("content-length");
        if (declared === undefined || !/^\d+$/.test(declared)) return fail(c, "bad-input", "send Content-Length");
        const stream = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as WebReadableStream<Uint8Array>) : Readable.from([]);
        try {
          const etag = await deps.uploads.receivePart(record, c.req.param("upload") ?? "", Number(c.req.param("partNumber") ?? ""), stream, Number(declared));
          c.header("ETag", etag);
          return c.json({ etag });
        } catch (error) {
          stream.destroy();
          throw error;
        }
      }),
    )
    .post(
      `${base}/complete`,
      handle(async (c, record) => {
        const input = await body(c, completeBody);
        if (!input.ok) return input.response;
        const file = await deps.uploads.complete(record, input.value.upload, input.value.parts, input.value.sha256);
        return c.json({ file: fileView(file) }, 201);
      }),
    )
    .post(
      `${base}/abort`,
      handle(async (c, record) => {
        const input = await body(c, abortBody);
        if (!input.ok) return input.response;
        await deps.uploads.abort(record, input.value.upload);
        return c.json({ aborted: true });
      }),
    )
    .post(
      `${base}/finish`,
      handle(async (c, record) => {
        const input = await body(c, finishBody);
        if (!input.ok) return input.response;
        const email = input.value.email?.trim() ? parseAddress(input.value.email, "email") : undefined;
        const finished = await deps.uploads.finish(record, input.value.batch, email);
        return c.json({ files: finished.files.map(fileView), ...(finished.receipt ? { receipt: finished.receipt } : {}) });
      }),
    );
}
