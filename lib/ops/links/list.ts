import { z } from "zod";
import { InvalidRequestError, NotFoundError } from "../../errors.js";
import { checkSearch, recipientsOf } from "../../links/link-label.js";
import { validateClientName } from "../../links/layout.js";
import { LINK_STATUSES, type LinkRecord, type LinkStatus } from "../../links/link-record.js";
import { MAX_PAGE_LIMIT, type LinkPageQuery } from "../../links/link-records.js";
import { defineOperation } from "../operation.js";
import { clientName, limitOf, pageCursor, pageLimit } from "../schemas.js";
import type { Services } from "../services.js";
import { linkSchema } from "./link-view.js";

/** Log reads one list may start; the other links show their stored summary (docs/activity.md). */
export const LIST_SCANS = 20;

export type ListedLink = z.input<typeof listedLink>;

const listedLink = linkSchema
  .extend({
    refusedAtEdge: z.boolean().optional().meta({ description: "Whether the edge's revocation list holds the link's id; absent when no revocation list is configured" }),
    downloads: z.number().int().nullable().meta({ description: "Requests that delivered file bytes; null when no access logs are configured" }),
    lastDownloadAt: z.string().nullable(),
    filesComplete: z.number().int().nullable().meta({ description: "Files downloaded completely at least once; null when no access logs are configured" }),
    pageViews: z.number().int().nullable().meta({ description: "Views of the link's page; null when no access logs are configured" }),
  })
  .meta({ id: "ListedLink" });

/** `links.list`: the issued links, newest first, with their status and downloads, a page at a time. */
export const listLinks = defineOperation({
  name: "links.list",
  summary: "List issued links, newest first, with status and downloads",
  description:
    "Of one client and one status when given; with search, only links whose id, client, label or a recipient holds the text. With limit, one page from the link index and a next to pass back as cursor: a page reads only the records it shows, " +
    "however many links there are (docs/architecture.md#lists-by-cursor). Downloads come from the edge's access logs (docs/activity.md): null when none are configured; " +
    "at most 20 links of a list have their log read, the others show their stored summary.",
  access: "operator",
  mutates: false,
  input: z.strictObject({
    client: clientName.optional().meta({ description: "Only this client's links" }),
    status: z.enum(LINK_STATUSES, { error: `must be one of ${LINK_STATUSES.join(", ")}` }).optional().meta({ description: "Only links with this status now" }),
    search: z.string({ error: "must be text" }).max(200).optional().meta({ description: "Only links whose id, client, label or a recipient holds this text (any case); read from the link index, not from every record", example: "invoices" }),
    limit: pageLimit.optional(),
    cursor: pageCursor.optional(),
  }),
  result: z
    .object({
      links: z.array(listedLink),
      next: z.string().optional().meta({ description: "More links follow: pass it as cursor (with the same client, status, search and limit) for the next page. A search's page may hold fewer than limit links and still have a next" }),
      warnings: z.array(z.string()).optional().meta({ description: "What could not be read (an access log): the list is still complete, its downloads may not be" }),
    })
    .meta({ id: "LinkList" }),
  errors: ["not-found"],
  async run(services, input) {
    const client = input.client === undefined ? undefined : validateClientName(input.client);
    const limit = limitOf(input.limit);
    if (input.cursor !== undefined && limit === undefined) throw new InvalidRequestError("cursor: goes with limit (the page size)", { field: "cursor" });
    const search = input.search === undefined || input.search.trim() === "" ? undefined : checkSearch(input.search);
    const query = { ...(client !== undefined ? { client } : {}), ...(input.status !== undefined ? { status: input.status } : {}), ...(search !== undefined ? { search } : {}) };
    const { records, next } = limit !== undefined ? await onePage(services, { ...query, limit, ...(input.cursor !== undefined ? { cursor: input.cursor } : {}) }) : await everyPage(services, query);
    if (client !== undefined && records.length === 0 && input.status === undefined && search === undefined && !(await services.catalog.hasClient(client))) {
      throw new NotFoundError(`there is no client "${client}" and no link was issued for it`, "client");
    }
    const warnings: string[] = [];
    const revoked = services.denyList ? new Set((await services.denyList.entries()).map((entry) => entry.linkId)) : undefined;
    const summaries = services.activity
      ? await services.activity.summaries(records, { maxScans: LIST_SCANS }).catch((error: Error) => {
          warnings.push(`download activity could not be read: ${error.message}`);
          return undefined;
        })
      : undefined;
    const links = records.map((record) => {
      const summary = summaries?.get(record.linkId);
      const recipients = recipientsOf(record);
      return {
        ...record,
        ...(recipients.length > 0 ? { recipients } : {}),
        ...(revoked ? { refusedAtEdge: revoked.has(record.linkId) } : {}),
        downloads: summaries ? (summary?.downloads ?? 0) : null,
        lastDownloadAt: summary?.lastDownloadAt ?? null,
        filesComplete: summaries ? (summary?.filesComplete.length ?? 0) : null,
        pageViews: summaries ? (summary?.pageViews ?? 0) : null,
      };
    });
    return { links, ...(next !== undefined ? { next } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
  },
});

type Listed = { records: (LinkRecord & { status: LinkStatus })[]; next?: string };

/** One page from the link index: the records it shows and no other. */
async function onePage(services: Services, query: LinkPageQuery): Promise<Listed> {
  const page = await services.records.page(query);
  return { records: page.links, ...(page.next !== undefined ? { next: page.next } : {}) };
}

/** Every link, a page of the index at a time: each page reads only its own records. */
async function everyPage(services: Services, query: LinkPageQuery): Promise<Listed> {
  const records: Listed["records"] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.page({ ...query, limit: MAX_PAGE_LIMIT, ...(cursor !== undefined ? { cursor } : {}) });
    records.push(...page.links);
    cursor = page.next;
  } while (cursor !== undefined);
  return { records };
}
