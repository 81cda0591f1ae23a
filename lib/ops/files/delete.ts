import { z } from "zod";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import { clientFilesOf } from "./client-files.js";

/** `files.delete`: one file of a client, or a folder with everything in it. */
export const deleteFiles = defineOperation({
  name: "files.delete",
  summary: "Delete a client's file, or a folder and everything in it",
  description: "The path is inside the client's folder, as files.list gives it; a stored file whose name breaks the name rule can be deleted too.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    client: clientName,
    path: z.string({ error: "is required: the path inside the client's folder" }).min(1, { error: "is required: the path inside the client's folder" }).max(4096),
    folder: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Delete the folder at path and everything in it" }),
  }),
  result: z.object({ client: z.string(), deleted: z.array(z.string()).meta({ description: "The paths deleted" }) }).meta({ id: "DeletedFiles" }),
  errors: ["not-found", "unavailable"],
  async run(services, input) {
    const files = clientFilesOf(services);
    const deleted = input.folder ? await files.deleteFolder(input.client, input.path) : (await files.deleteFile(input.client, input.path), [input.path]);
    return { client: input.client, deleted };
  },
  audit: (input, result) => ({ event: "files-deleted", details: { client: input.client, paths: result.deleted ?? [] } }),
});
