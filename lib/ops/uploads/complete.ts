import { z } from "zod";
import { MAX_PARTS } from "../../files/multipart.js";
import { defineOperation } from "../operation.js";
import { openSession, sessionFields, uploadsOf } from "./session.js";

/** `uploads.complete`: stores the file from its parts (all of them, checked against storage's own list). */
export const completeUpload = defineOperation({
  name: "uploads.complete",
  summary: "Finish an upload",
  description:
    "Lists every part with the ETag its PUT answered. A wrong ETag is a conflict and leaves the upload open (send that part again); parts that do not add up to the size given at the start are bad input and end the upload; with scanning on, the stored file is scanned.",
  access: "operator",
  cli: false,
  mutates: true,
  input: z.strictObject({
    ...sessionFields,
    parts: z
      .array(z.object({ partNumber: z.number().int().min(1).max(MAX_PARTS), etag: z.string().max(200) }))
      .min(1)
      .max(MAX_PARTS)
      .meta({ description: "Every part with the ETag its PUT answered" }),
  }),
  result: z
    .object({ client: z.string(), path: z.string(), size: z.number().int(), replaced: z.boolean().meta({ description: "A file of that name was replaced (onConflict replace)" }) })
    .meta({ id: "CompletedUpload" }),
  errors: ["conflict", "gone", "forbidden", "too-large", "unavailable"],
  async run(services, input, actor, context) {
    const { files, door } = uploadsOf(services, context);
    const upload = openSession(door, services, input, actor);
    await files.completeUpload({ ...upload, plan: { partSize: upload.partSize, partCount: upload.partCount } }, input.parts);
    return { client: upload.client, path: upload.path, size: upload.size, replaced: upload.replace };
  },
  audit: (input, result) => ({ event: "file-uploaded", details: { client: input.client, path: result.path ?? "", size: result.size ?? 0, replaced: result.replaced ?? false } }),
});
