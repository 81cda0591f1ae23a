import { z } from "zod";
import { ShareError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { clientName, linkId } from "../schemas.js";
import { receivedFileSchema, receivedView } from "../requests/request-view.js";
import { findLink } from "./find-link.js";

/** Why there is no download activity: AWS mode without the log bucket. */
export const NO_ACTIVITY_LOGS =
  "download activity needs CloudFront's access logs: deploy with `pulumi config set signed-share:activityLogs true`, then set SHARE_ACTIVITY_LOG_BUCKET (the stack output activityLogBucketName; see docs/activity.md)";

const event = z.object({
  at: z.string(),
  kind: z.enum(["page", "file"]),
  file: z.string().nullable(),
  method: z.string(),
  status: z.number().int(),
  outcome: z.enum(["complete", "partial", "aborted", "denied", "not-found", "not-modified", "checked", "failed"]),
  bytesSent: z.number().nullable(),
  range: z.object({ start: z.number(), end: z.number() }).nullable(),
  reason: z.string().nullable(),
  viewer: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

const totals = z.object({
  linkId: z.string(),
  downloads: z.number().int(),
  firstDownloadAt: z.string().nullable(),
  lastDownloadAt: z.string().nullable(),
  filesComplete: z.array(z.string()),
  asOf: z.string(),
  pageViews: z.number().int(),
  denied: z.number().int(),
  filesTotal: z.number().int(),
});

/** `links.activity`: a link's requests, its files and the totals, from the edge's access log. */
export const linkActivity = defineOperation({
  name: "links.activity",
  summary: "Show a link's download activity: its requests, oldest first, and which files were downloaded completely",
  description: "Never shows a signature. CloudFront delivers its logs late (usually within an hour) and not always completely: see asOf and completeness.",
  access: "operator",
  mutates: false,
  input: z.strictObject({ linkId, client: clientName.optional().meta({ description: "The link's client, when known: one read instead of a search" }) }),
  result: z
    .object({
      linkId: z.string(),
      client: z.string(),
      events: z.array(event),
      eventsOmitted: z.number().int().meta({ description: "Older requests left out of events (the counts include them)" }),
      files: z.array(z.object({ file: z.string(), size: z.number().nullable(), complete: z.boolean(), completedAt: z.string().nullable(), downloads: z.number().int() })),
      filesPending: z.array(z.string()),
      totals,
      asOf: z.string(),
      completeness: z.string(),
      unreadable: z.array(z.string()),
      received: z.array(receivedFileSchema).optional().meta({ description: "A file request's link: the files it received, from its ledger (exact, unlike the access logs)" }),
    })
    .meta({ id: "LinkActivity" }),
  errors: ["not-found", "unavailable"],
  async run(services, input) {
    if (!services.activity) throw new ShareError("unavailable", NO_ACTIVITY_LOGS);
    const record = await findLink(services, input.linkId, input.client);
    const activity = await services.activity.activity(record);
    if (record.mode !== "request" || !services.requests) return activity;
    return { ...activity, received: (await services.requests.requests.received(record.linkId)).map(receivedView) };
  },
});
