import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { limitOf, pageCursor, pageLimit } from "../schemas.js";
import { clientsPage, MAX_CLIENTS_PAGE, type ClientRow } from "./clients-page.js";

const clientRow = z.object({
  client: z.string(),
  fileCount: z.number().int().meta({ description: "Files in the folder: exact when countComplete, else a lower bound (the count stops at 1,000 files)" }),
  bytes: z.number().int().meta({ description: "Their size in bytes (of the files counted)" }),
  countComplete: z.boolean().meta({ description: "Whether fileCount and bytes cover the whole folder" }),
  activeLinks: z.number().int(),
  displayName: z.string().optional(),
  archived: z.boolean(),
});

/** `clients.list`: the client folders with their files, size, active links and profile, a page at a time. */
export const listClients = defineOperation({
  name: "clients.list",
  summary: "List the client folders with their file counts, sizes and active links",
  description:
    "In name order; archived clients too (archived: true). With limit, one page and a next to pass back as cursor (docs/architecture.md#lists-by-cursor): a page reads only its own rows. " +
    "A client's count reads at most 1,000 files (countComplete says whether it is exact).",
  access: "operator",
  mutates: false,
  input: z.strictObject({
    q: z.string().max(255).optional().meta({ description: "Only clients whose folder name or display name contains this text (any case)" }),
    limit: pageLimit.optional(),
    cursor: pageCursor.optional(),
  }),
  result: z
    .object({
      clients: z.array(clientRow),
      next: z.string().optional().meta({ description: "More clients follow: pass it as cursor for the next page" }),
    })
    .meta({ id: "ClientList" }),
  errors: [],
  async run(services, input) {
    const limit = limitOf(input.limit);
    if (input.cursor !== undefined && limit === undefined) throw new InvalidRequestError("cursor: goes with limit (the page size)", { field: "cursor" });
    const query = { archived: true, ...(input.q ? { search: input.q } : {}) };
    if (limit !== undefined) {
      const page = await clientsPage(services, { ...query, limit, ...(input.cursor !== undefined ? { after: input.cursor } : {}) });
      return { clients: page.rows, ...(page.next ? { next: page.next } : {}) };
    }
    // Every client, a page at a time: each page reads only its own rows.
    const clients: ClientRow[] = [];
    let after: string | undefined;
    do {
      const page = await clientsPage(services, { ...query, limit: MAX_CLIENTS_PAGE, ...(after !== undefined ? { after } : {}) });
      clients.push(...page.rows);
      after = page.next;
    } while (after !== undefined);
    return { clients };
  },
});
