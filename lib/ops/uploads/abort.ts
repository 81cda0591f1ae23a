import { z } from "zod";
import { defineOperation } from "../operation.js";
import { openSession, sessionFields, uploadsOf } from "./session.js";

/** `uploads.abort`: drops an open upload and the parts sent so far. */
export const abortUpload = defineOperation({
  name: "uploads.abort",
  summary: "Drop an upload",
  access: "operator",
  cli: false,
  mutates: true,
  input: z.strictObject(sessionFields),
  result: z.object({ aborted: z.literal(true), client: z.string(), path: z.string() }).meta({ id: "AbortedUpload" }),
  errors: ["gone", "forbidden", "unavailable"],
  async run(services, input, actor, context) {
    const { files, door } = uploadsOf(services, context);
    const upload = openSession(door, services, input, actor);
    await files.abortUpload(upload);
    return { aborted: true as const, client: upload.client, path: upload.path };
  },
  audit: (input, result) => ({ event: "upload-aborted", details: { client: input.client, path: result.path ?? "" } }),
});
