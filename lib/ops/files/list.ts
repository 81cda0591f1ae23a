import { z } from "zod";
import { validateClientName } from "../../links/layout.js";
import { InvalidRequestError } from "../../errors.js";
import { filesWithScan, withScan } from "../../scanning/scan-files.js";
import { defineOperation } from "../operation.js";
import { clientName, limitOf, pageCursor, pageLimit } from "../schemas.js";
import { fileSchema, scanView } from "./file-view.js";

/** `files.list`: a client's files (not the published pages), each with its malware scan. */
export const listFiles = defineOperation({
  name: "files.list",
  summary: "List a client's files with their sizes and malware scans",
  description:
    "In key order. With limit, one page of the folder's listing and a next to pass back as cursor: a client of any size answers at once, and scans are read for the page's files only (docs/architecture.md#lists-by-cursor).",
  access: "operator",
  mutates: false,
  input: z.strictObject({ client: clientName, limit: pageLimit.optional(), cursor: pageCursor.optional() }),
  result: z
    .object({ client: z.string(), files: z.array(fileSchema), next: z.string().optional().meta({ description: "More files follow: pass it as cursor for the next page" }) })
    .meta({ id: "ClientFileList" }),
  errors: ["not-found"],
  async run(services, input) {
    const client = validateClientName(input.client);
    const limit = limitOf(input.limit);
    if (input.cursor !== undefined && limit === undefined) throw new InvalidRequestError("cursor: goes with limit (the page size)", { field: "cursor" });
    const view = (files: Awaited<ReturnType<typeof withScan>>) => files.map((file) => ({ path: file.path, size: file.size, lastModified: file.lastModified.toISOString(), ...scanView(file.scan) }));
    if (limit !== undefined) {
      const page = await services.catalog.filesPage(client, { limit, ...(input.cursor !== undefined ? { token: input.cursor } : {}) });
      return { client, files: view(await withScan(services.scanning, page.files)), ...(page.next !== undefined ? { next: page.next } : {}) };
    }
    return { client, files: view(await filesWithScan(services.catalog, services.scanning, client)) };
  },
});
