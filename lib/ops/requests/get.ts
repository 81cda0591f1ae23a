import { z } from "zod";
import { requireLinkId } from "../links/find-link.js";
import { defineOperation } from "../operation.js";
import { linkId } from "../schemas.js";
import { fileRequestSchema, receivedFileSchema, receivedView, requestsOf, requestView } from "./request-view.js";

/** `requests.get`: one file request and the files it received. */
export const getRequest = defineOperation({
  name: "requests.get",
  summary: "Show a file request and the files it received, in order",
  description: "Files still waiting for their malware scan are looked at again first: a verdict that arrived since (GuardDuty tags files after a while) accepts them now.",
  access: "operator",
  mutates: false,
  input: z.strictObject({ requestId: linkId }),
  result: z.object({ request: fileRequestSchema, received: z.array(receivedFileSchema) }).meta({ id: "FileRequestWithFiles" }),
  errors: ["not-found"],
  async run(services, input) {
    const { requests, uploads } = requestsOf(services);
    const record = await requests.get(requireLinkId(input.requestId));
    const received = await uploads.acceptWaiting(record.linkId);
    return { request: requestView(await requests.summary(record)), received: received.map(receivedView) };
  },
});
