import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import { LINK_STATUSES, linkStatus } from "../../links/link-record.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
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

/** `links.list`: every issued link, newest first, with its status and downloads. */
export const listLinks = defineOperation({
  name: "links.list",
  summary: "List issued links, newest first, with status and downloads",
  description: "Of one client and one status when given. Downloads come from the edge's access logs (docs/activity.md): null when none are configured.",
  access: "operator",
  mutates: false,
  input: z.strictObject({
    client: clientName.optional().meta({ description: "Only this client's links" }),
    status: z.enum(LINK_STATUSES, { error: `must be one of ${LINK_STATUSES.join(", ")}` }).optional().meta({ description: "Only links with this status now" }),
  }),
  result: z
    .object({
      links: z.array(listedLink),
      warnings: z.array(z.string()).optional().meta({ description: "What could not be read (an access log): the list is still complete, its downloads may not be" }),
    })
    .meta({ id: "LinkList" }),
  errors: ["not-found"],
  async run(services, input) {
    const client = input.client === undefined ? undefined : validateClientName(input.client);
    const now = services.clock();
    const records = (await services.records.list(client)).filter((record) => !input.status || linkStatus(record, now) === input.status);
    if (client !== undefined && records.length === 0 && input.status === undefined && !(await services.catalog.hasClient(client))) {
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
      return {
        ...record,
        status: linkStatus(record, now),
        ...(revoked ? { refusedAtEdge: revoked.has(record.linkId) } : {}),
        downloads: summaries ? (summary?.downloads ?? 0) : null,
        lastDownloadAt: summary?.lastDownloadAt ?? null,
        filesComplete: summaries ? (summary?.filesComplete.length ?? 0) : null,
        pageViews: summaries ? (summary?.pageViews ?? 0) : null,
      };
    });
    return { links, ...(warnings.length > 0 ? { warnings } : {}) };
  },
});
