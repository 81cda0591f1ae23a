import { Hono, type Context } from "hono";
import { z } from "zod";
import type { ClientFiles } from "../../../lib/files/client-files.js";
import { partLength, MAX_PARTS } from "../../../lib/files/multipart.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SessionUser } from "../../env.js";
import { filesErrorStatus } from "../../files/errors.js";
import { PART_URL_SECONDS, UPLOAD_SESSION_MS, type UploadSession, type UploadTokens } from "../../files/upload-session.js";
import type { LogFields } from "../../logger.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { PART_PATH } from "./upload-part.js";

const createClientBody = z.object({
  client: z.string(),
  displayName: z.string().optional(),
  contacts: z.array(z.string()).optional(),
});
const profileBody = z.object({ displayName: z.string().optional(), contacts: z.array(z.string()).optional(), archived: z.boolean().optional() });
const startBody = z.object({
  client: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(255).regex(/^[\x20-\x7e]*$/).optional(),
  onConflict: z.enum(["refuse", "replace", "keep-both"]).optional(),
});
const partsBody = z.object({ upload: z.string(), client: z.string(), partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(1000) });
const completeBody = z.object({ upload: z.string(), client: z.string(), parts: z.array(z.object({ partNumber: z.number().int().min(1).max(MAX_PARTS), etag: z.string().max(200) })).min(1).max(MAX_PARTS) });
const abortBody = z.object({ upload: z.string(), client: z.string() });
const deleteBody = z.object({ path: z.string(), folder: z.boolean().optional() });

/** Any context of these routes (before or after requireUser). */
type Ctx = Context<any>;

async function body<T>(c: Ctx, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: "Invalid request", message: "send a JSON object with Content-Type: application/json" }, 400) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, response: c.json({ error: "Invalid request", message: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` }, 400) };
}

function failure(c: Ctx, error: unknown, extra: Record<string, unknown> = {}) {
  const known = filesErrorStatus(error);
  if (!known) throw error;
  return c.json({ error: known.title, message: known.message, ...extra }, known.status);
}

/**
 * The files API: create clients and edit their profiles, start / send / complete / abort uploads,
 * delete files. Same roles and CSRF rule as the rest of /api, or an API token (Authorization: Bearer).
 * Upload state lives in a signed session token the caller sends back, so any portal instance can
 * serve any step and nothing of it can be changed by the caller.
 */
export function filesApiRoutes(deps: PortalDeps & { files: ClientFiles }, reads: ReadCache, uploadTokens: UploadTokens) {
  const { files, logger } = deps;
  const audit = (event: string, user: SessionUser, fields: LogFields) => logger.info({ event, by: user.name, ...fields });

  /** The open upload the request names, refused when tampered, expired, another client's or another person's. */
  const session = (c: Ctx, token: string, client: string, user: SessionUser): { ok: true; value: UploadSession } | { ok: false; response: Response } => {
    const opened = uploadTokens.openSession(token, deps.clock());
    if (!opened.ok) {
      return opened.reason === "expired"
        ? { ok: false, response: c.json({ error: "Upload expired", message: "This upload session has expired: start the upload again." }, 410) }
        : { ok: false, response: c.json({ error: "Invalid upload", message: "The upload token is not one this portal issued." }, 400) };
    }
    if (opened.value.client !== client) {
      return { ok: false, response: c.json({ error: "Wrong client", message: `This upload goes to client "${opened.value.client}", not "${client}".` }, 403) };
    }
    if (opened.value.by !== user.name) {
      return { ok: false, response: c.json({ error: "Not your upload", message: `This upload was started by ${opened.value.by}.` }, 403) };
    }
    return { ok: true, value: opened.value };
  };

  return new Hono<AppEnv>()
    .post("/api/clients", requireUser(), async (c) => {
      const input = await body(c, createClientBody);
      if (!input.ok) return input.response;
      const user = c.get("user");
      const { client, ...profile } = input.value;
      try {
        const created = await files.createClient(client, profile, user.name);
        reads.filesChanged(client);
        audit("client-created", user, { client });
        return c.json({ client: created }, 201);
      } catch (error) {
        return failure(c, error);
      }
    })
    .get("/api/clients/:client/profile", requireUser(), async (c) => {
      const client = c.req.param("client");
      try {
        const profile = await files.profiles.get(client);
        if (!profile && !(await files.hasClient(client))) return c.json({ error: "Unknown client", message: `there is no client "${client}"` }, 404);
        return c.json({ client: profile ?? { client, contacts: [], archived: false } });
      } catch (error) {
        return failure(c, error);
      }
    })
    .post("/api/clients/:client/profile", requireUser(), async (c) => {
      const client = c.req.param("client");
      const input = await body(c, profileBody);
      if (!input.ok) return input.response;
      const user = c.get("user");
      try {
        if (!(await files.hasClient(client))) return c.json({ error: "Unknown client", message: `there is no client "${client}"` }, 404);
        const saved = await files.profiles.save(client, input.value, user.name);
        reads.filesChanged(client);
        audit("client-profile-changed", user, { client, changed: Object.keys(input.value).join(",") });
        return c.json({ client: saved });
      } catch (error) {
        return failure(c, error);
      }
    })
    .post("/api/clients/:client/files/delete", requireUser(), async (c) => {
      const client = c.req.param("client");
      const input = await body(c, deleteBody);
      if (!input.ok) return input.response;
      const user = c.get("user");
      try {
        const deleted = input.value.folder ? await files.deleteFolder(client, input.value.path) : (await files.deleteFile(client, input.value.path), [input.value.path]);
        reads.filesChanged(client);
        audit("files-deleted", user, { client, paths: JSON.stringify(deleted) });
        return c.json({ client, deleted });
      } catch (error) {
        return failure(c, error);
      }
    })
    .post("/api/uploads", requireUser(), async (c) => {
      const input = await body(c, startBody);
      if (!input.ok) return input.response;
      const user = c.get("user");
      const { client, path, size } = input.value;
      try {
        const upload = await files.startUpload(client, path, size, {
          by: user.name,
          ...(input.value.onConflict ? { onConflict: input.value.onConflict } : {}),
          ...(input.value.contentType ? { contentType: input.value.contentType } : {}),
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
        audit("upload-started", user, { client, path: upload.path, size });
        return c.json(
          { upload: token, client, path: upload.path, size, partSize: upload.plan.partSize, partCount: upload.plan.partCount, expiresAt: new Date(expiresAt).toISOString(), direct: files.presigns },
          201,
        );
      } catch (error) {
        return failure(c, error, { path });
      }
    })
    .post("/api/uploads/parts", requireUser(), async (c) => {
      const input = await body(c, partsBody);
      if (!input.ok) return input.response;
      const open = session(c, input.value.upload, input.value.client, c.get("user"));
      if (!open.ok) return open.response;
      const upload = open.value;
      const plan = { partSize: upload.partSize, partCount: upload.partCount };
      const bad = input.value.partNumbers.find((n) => n > upload.partCount);
      if (bad !== undefined) return c.json({ error: "Invalid request", message: `part ${bad}: this upload has ${upload.partCount} parts` }, 400);
      const exp = Math.min(upload.exp, deps.clock().getTime() + PART_URL_SECONDS * 1000);
      const origin = deps.portalUrl ?? new URL(c.req.url).origin;
      const parts = await Promise.all(
        input.value.partNumbers.map(async (partNumber) => {
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
      if (!input.ok) return input.response;
      const user = c.get("user");
      const open = session(c, input.value.upload, input.value.client, user);
      if (!open.ok) return open.response;
      const upload = open.value;
      const plan = { partSize: upload.partSize, partCount: upload.partCount };
      try {
        await files.completeUpload({ ...upload, plan }, input.value.parts);
        reads.filesChanged(upload.client);
        audit("file-uploaded", user, { client: upload.client, path: upload.path, size: upload.size, replaced: upload.replace });
        return c.json({ client: upload.client, path: upload.path, size: upload.size }, 201);
      } catch (error) {
        return failure(c, error, { path: upload.path });
      }
    })
    .post("/api/uploads/abort", requireUser(), async (c) => {
      const input = await body(c, abortBody);
      if (!input.ok) return input.response;
      const user = c.get("user");
      const open = session(c, input.value.upload, input.value.client, user);
      if (!open.ok) return open.response;
      await files.abortUpload(open.value);
      audit("upload-aborted", user, { client: open.value.client, path: open.value.path });
      return c.json({ aborted: true });
    });
}
