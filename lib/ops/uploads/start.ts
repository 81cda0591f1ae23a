import { z } from "zod";
import { UPLOAD_SESSION_MS } from "../../files/upload-session.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import { uploadsOf } from "./session.js";

/** `uploads.start`: opens a multipart upload into a client's folder and answers its sealed session. */
export const startUpload = defineOperation({
  name: "uploads.start",
  summary: "Start an upload: the session token, part size and count",
  description:
    "Checks the name, the size (SHARE_MAX_FILE_SIZE) and a taken name before any byte is sent. The answer's upload token is sent back at every later step; it works for 24 hours and only for the person or token that started it. Then ask for the parts' URLs (POST /api/uploads/parts), PUT each part there, and complete.",
  access: "operator",
  cli: false,
  mutates: true,
  input: z.strictObject({
    client: clientName,
    path: z.string({ error: "is required: the file's path in the client folder" }).min(1).max(1024).meta({ description: "The file's path in the client folder", example: "2026/report.pdf" }),
    size: z.number({ error: "must be the file's size in bytes" }).int().nonnegative().meta({ description: "The file's size in bytes" }),
    contentType: z
      .string()
      .max(255)
      .regex(/^[\x20-\x7e]*$/, { error: "must be printable ASCII" })
      .optional()
      .meta({ description: "The Content-Type to store it with (default: from the name)" }),
    onConflict: z.enum(["refuse", "replace", "keep-both"], { error: "must be refuse, replace or keep-both" }).optional().meta({ description: "When the name is taken: refuse (default), replace, or keep-both (\"name (2).ext\")" }),
  }),
  result: z
    .object({
      upload: z.string().meta({ description: "The sealed upload session: send it back at every step" }),
      client: z.string(),
      path: z.string().meta({ description: "Where the file will be stored (another name with keep-both)" }),
      size: z.number().int(),
      partSize: z.number().int(),
      partCount: z.number().int(),
      expiresAt: z.string().meta({ description: "When the upload session ends" }),
      direct: z.boolean().meta({ description: "true: the part URLs are presigned storage URLs; false: the portal's own part URL (local mode)" }),
    })
    .meta({ id: "StartedUpload" }),
  errors: ["not-found", "conflict", "too-large", "unavailable"],
  async run(services, input, actor, context) {
    const { files, door } = uploadsOf(services, context);
    const upload = await files.startUpload(input.client, input.path, input.size, {
      by: actor.name,
      ...(input.onConflict ? { onConflict: input.onConflict } : {}),
      ...(input.contentType ? { contentType: input.contentType } : {}),
    });
    const expiresAt = services.clock().getTime() + UPLOAD_SESSION_MS;
    const token = door.tokens.sealSession({
      client: input.client,
      path: upload.path,
      key: upload.key,
      uploadId: upload.uploadId,
      size: input.size,
      partSize: upload.plan.partSize,
      partCount: upload.plan.partCount,
      replace: upload.replace,
      by: actor.name,
      exp: expiresAt,
    });
    return { upload: token, client: input.client, path: upload.path, size: input.size, partSize: upload.plan.partSize, partCount: upload.plan.partCount, expiresAt: new Date(expiresAt).toISOString(), direct: files.presigns };
  },
  audit: (input, result) => ({ event: "upload-started", details: { client: input.client, path: result.path ?? input.path, size: input.size } }),
});
