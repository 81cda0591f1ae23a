import { z } from "zod";
import { requireLinkId } from "../links/find-link.js";
import { edgeRevocationSchema } from "../links/revoke.js";
import { defineOperation } from "../operation.js";
import { linkId } from "../schemas.js";
import { requestStatus } from "../../requests/file-requests.js";
import { fileRequestSchema, requestsOf, requestView } from "./request-view.js";

/** `requests.close`: the request takes no more files; what arrived stays. */
export const closeRequest = defineOperation({
  name: "requests.close",
  summary: "Close a file request: it takes no more files (the edge refuses its link, as for a revoked one); what arrived stays",
  description: "Closing again is safe. To refuse the link without marking it closed, revoke it like any link (links.revoke).",
  access: "operator",
  mutates: true,
  input: z.strictObject({ requestId: linkId }),
  result: z
    .object({
      requestId: z.string(),
      client: z.string(),
      alreadyClosed: z.boolean(),
      request: fileRequestSchema,
      edge: edgeRevocationSchema.nullable().meta({ description: "null: no revocation list is configured, so the edge lets its page through until it expires (the upload API still refuses)" }),
    })
    .meta({ id: "ClosedFileRequest" }),
  errors: ["not-found", "full", "upstream"],
  async run(services, input, actor) {
    const { requests } = requestsOf(services);
    const closed = await requests.close(requireLinkId(input.requestId), actor.name);
    const last = await requests.ledger.last(input.requestId);
    return {
      requestId: input.requestId,
      client: closed.record.client,
      alreadyClosed: closed.alreadyClosed,
      request: requestView({ record: closed.record, status: requestStatus(closed.record, services.clock()), files: last?.seq ?? 0, bytes: last?.totalBytes ?? 0 }),
      edge: closed.revocation.edge ?? null,
    };
  },
  audit: (input, result) => ({
    event: "request-closed",
    details: { requestId: input.requestId, client: result.client ?? null, alreadyClosed: result.alreadyClosed ?? false, refusedAtEdge: result.edge ? result.edge.listed : "no revocation list" },
  }),
});
