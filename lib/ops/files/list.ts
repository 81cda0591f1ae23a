import { z } from "zod";
import { validateClientName } from "../../links/layout.js";
import { filesWithScan } from "../../scanning/scan-files.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import { fileSchema, scanView } from "./file-view.js";

/** `files.list`: a client's files (not the published pages), each with its malware scan. */
export const listFiles = defineOperation({
  name: "files.list",
  summary: "List a client's files with their sizes and malware scans",
  access: "operator",
  mutates: false,
  input: z.strictObject({ client: clientName }),
  result: z.object({ client: z.string(), files: z.array(fileSchema) }).meta({ id: "ClientFileList" }),
  errors: ["not-found"],
  async run(services, input) {
    const client = validateClientName(input.client);
    const files = await filesWithScan(services.catalog, services.scanning, client);
    return { client, files: files.map((file) => ({ path: file.path, size: file.size, lastModified: file.lastModified.toISOString(), ...scanView(file.scan) })) };
  },
});
