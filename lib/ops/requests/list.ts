import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import { fileRequestSchema, REQUEST_STATUSES, requestsOf, requestView } from "./request-view.js";

/** `requests.list`: every file request (of one client), newest first, with what each received. */
export const listRequests = defineOperation({
  name: "requests.list",
  summary: "List file requests, newest first, with their status and what each received",
  access: "operator",
  mutates: false,
  input: z.strictObject({
    client: clientName.optional().meta({ description: "Only this client's requests" }),
    status: z.enum(REQUEST_STATUSES, { error: "must be open, closed, revoked or expired" }).optional().meta({ description: "Only requests with this status now" }),
  }),
  result: z.object({ requests: z.array(fileRequestSchema) }).meta({ id: "FileRequestList" }),
  errors: ["not-found"],
  async run(services, input) {
    const client = input.client === undefined ? undefined : validateClientName(input.client);
    const list = await requestsOf(services).requests.list(client);
    if (client !== undefined && list.length === 0 && !(await services.catalog.hasClient(client))) throw new NotFoundError(`there is no client "${client}"`, "client");
    return { requests: list.filter((summary) => input.status === undefined || summary.status === input.status).map(requestView) };
  },
});
