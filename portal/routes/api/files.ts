import { Hono, type Context } from "hono";
import { recordChange } from "../../auth/auth-audit.js";
import type { AuditValue } from "../../../lib/audit/audit-entry.js";
import { z } from "zod";
import type { ClientFiles } from "../../../lib/files/client-files.js";
import { partLength, MAX_PARTS } from "../../../lib/files/multipart.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SessionUser } from "../../env.js";
import { InvalidRequestError, ShareError } from "../../../lib/errors.js";
import { PART_URL_SECONDS, UPLOAD_SESSION_MS, type UploadSession, type UploadTokens } from "../../files/upload-session.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { PART_PATH } from "./upload-part.js";

export const startBody = z.object({
  client: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(255).regex(/^[\x20-\x7e]*$/).optional(),
  onConflict: z.enum(["refuse", "replace", "keep-both"]).optional(),
});
export const partsBody = z.object({ upload: z.string(), client: z.string(), partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(1000) });
export const completeBody = z.object({ upload: z.string(), client: z.string(), parts: z.array(z.object({ partNumber: z.number().int().min(1).max(MAX_PARTS), etag: z.string().max(200) })).min(1).max(MAX_PARTS) });
export const abortBody = z.object({ upload: z.string(), client: z.string() });

/** Any context of these routes (before or after requireUser). */
type Ctx = Context<any>;

/** The JSON body, checked against the route's schema; a problem is a bad-input error naming its field. */
async function body<T>(c: Ctx, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new InvalidRequestError("body: send a JSON object with Content-Type: application/json", { field: "body" });
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "body";
  throw new InvalidRequestError(`${field}: ${issue?.message ?? "invalid"}`, { field });
}

/**
 * The files API: create clients and edit their profiles, start / send / complete / abort uploads,
 * delete files. Same roles and CSRF rule as the rest of /api, or an API token (Authorization: Bearer).
 * Upload state lives in a signed session token the caller sends back, so any portal instance can
 * serve any step and nothing of it can be changed by the caller.
 */
export function filesApiRoutes(deps: PortalDeps & { files: ClientFiles }, reads: ReadCache, uploadTokens: UploadTokens) {
  const { files, logger } = deps;
  const audit = (c: Pick<Context<AppEnv>, "env" | "req">, event: string, user: SessionUser, fields: Record<string, AuditValue>) => recordChange(deps, c, user, event, fields);

  /** The open upload the request names, refused when tampered, expired, another client's or another person's. */
  const session = (token: string, client: string, user: SessionUser): UploadSession => {
    const opened = uploadTokens.openSession(token, deps.clock());
    if (!opened.ok) {
      if (opened.reason === "expired") throw new ShareError("gone", "This upload session has expired: start the upload again.");
      throw new InvalidRequestError("upload: the upload token is not one this portal issued.", { field: "upload" });
    }
    if (opened.value.client !== client) throw new ShareError("forbidden", `This upload goes to client "${opened.value.client}", not "${client}".`, { field: "client" });
    if (opened.value.by !== user.name) throw new ShareError("forbidden", `This upload was started by ${opened.value.by}.`);
    return opened.value;
  };

  return new Hono<AppEnv>()
    .post("/api/uploads", requireUser(), async (c) => {
      const input = await body(c, startBody);
      const user = c.get("user");
      const { client, path, size } = input;
      const upload = await files.startUpload(client, path, size, {
        by: user.name,
        ...(input.onConflict ? { onConflict: input.onConflict } : {}),
        ...(input.contentType ? { contentType: input.contentType } : {}),
      });
      const expiresAt = deps.clock().getTime() + UPLOAD_SESSION_MS;
      const token = uploadTokens.sealSession({
        client,
        path: upload.path,
        key: upload.key,
        uploadId: upload.uploadId,
        size,
        partSize: upload.plan.partSize,
        partCount: upload.plan.partCount,
        replace: upload.replace,
        by: user.name,
        exp: expiresAt,
      });
      await audit(c, "upload-started", user, { client, path: upload.path, size });
      return c.json(
        { upload: token, client, path: upload.path, size, partSize: upload.plan.partSize, partCount: upload.plan.partCount, expiresAt: new Date(expiresAt).toISOString(), direct: files.presigns },
        201,
      );
    })
    .post("/api/uploads/parts", requireUser(), async (c) => {
      const input = await body(c, partsBody);
      const upload = session(input.upload, input.client, c.get("user"));
      const plan = { partSize: upload.partSize, partCount: upload.partCount };
      const bad = input.partNumbers.find((n) => n > upload.partCount);
      if (bad !== undefined) throw new InvalidRequestError(`partNumbers: part ${bad}: this upload has ${upload.partCount} parts`, { field: "partNumbers" });
      const exp = Math.min(upload.exp, deps.clock().getTime() + PART_URL_SECONDS * 1000);
      const origin = deps.portalUrl ?? new URL(c.req.url).origin;
      const parts = await Promise.all(
        input.partNumbers.map(async (partNumber) => {
          const length = partLength(upload.size, plan, partNumber);
          const url = files.presigns
            ? await files.presignPart(upload, partNumber, length, PART_URL_SECONDS)
            : `${origin}${PART_PATH}?t=${encodeURIComponent(uploadTokens.sealPart({ key: upload.key, uploadId: upload.uploadId, partNumber, length, exp }))}`;
          return { partNumber, length, url };
        }),
      );
      return c.json({ parts });
    })
    .post("/api/uploads/complete", requireUser(), async (c) => {
      const input = await body(c, completeBody);
      const user = c.get("user");
      const upload = session(input.upload, input.client, user);
      const plan = { partSize: upload.partSize, partCount: upload.partCount };
      await files.completeUpload({ ...upload, plan }, input.parts);
      reads.filesChanged(upload.client);
      await audit(c, "file-uploaded", user, { client: upload.client, path: upload.path, size: upload.size, replaced: upload.replace });
      return c.json({ client: upload.client, path: upload.path, size: upload.size }, 201);
    })
    .post("/api/uploads/abort", requireUser(), async (c) => {
      const input = await body(c, abortBody);
      const user = c.get("user");
      const upload = session(input.upload, input.client, user);
      await files.abortUpload(upload);
      await audit(c, "upload-aborted", user, { client: upload.client, path: upload.path });
      return c.json({ aborted: true });
    });
}
