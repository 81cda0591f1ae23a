import { z } from "zod";
import { DeliveryFailedError } from "../../delivery/send-link.js";
import { ShareError } from "../../errors.js";
import type { LinkDelivery, LinkRecord } from "../../links/link-record.js";
import { requestStatus } from "../../requests/file-requests.js";
import { requestTermsFrom } from "../../requests/request-input.js";
import { defineOperation } from "../operation.js";
import { clientName, instant } from "../schemas.js";
import { deliveryFields, optionalSender, planDelivery, wantsDelivery } from "../links/delivery-plan.js";
import { deliverySchema } from "../links/link-view.js";
import { fileRequestSchema, requestsOf, requestView } from "./request-view.js";

const size = (what: string) =>
  z
    .union([z.string().max(40), z.number().int()], { error: "must be a size like 2GB, 500MB or a number of bytes" })
    .optional()
    .meta({ description: `${what}: a size like "2GB", "500MB" or a number of bytes`, example: "2GB" });

export const createResult = z
  .object({
    url: z.string().meta({ description: "The link to send: the signed URL of the upload page" }),
    requestId: z.string().meta({ description: "The request's id (its link's l=)" }),
    request: fileRequestSchema,
    delivery: deliverySchema.optional().meta({ description: "Set when the link was sent by e-mail (to, contacts)" }),
  })
  .meta({ id: "CreatedFileRequest" });

/** `requests.create`: a file request for a client: one signed link to a page where the client sends files. */
export const createRequest = defineOperation({
  name: "requests.create",
  summary: "Create a file request: a signed link to a page where the client sends you files",
  description:
    "The link is signed with the same key group and carries l=<requestId>, so the edge guard, the revocation list, links.revoke, expiry and key rotation apply to it. " +
    "What arrives lands under received/<requestId>/ in the client's folder once accepted (scanned clean when scanning is on) and is shared with nobody until a link names it. " +
    "With `to` or `contacts` the link is also sent by e-mail, checked before the request exists; if the mail server then refuses, the request exists: the error (not-delivered) carries it.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    client: clientName,
    expires: instant("until when it takes files"),
    maxFileSize: size("Largest file (default and at most SHARE_MAX_FILE_SIZE)"),
    maxTotal: size("Total size of every file it takes"),
    maxFiles: z.union([z.string().max(20), z.number().int()], { error: "must be a whole number" }).optional().meta({ description: "Number of files it takes", example: 20 }),
    note: z.string({ error: "must be text" }).max(10_000).optional().meta({ description: "Your words on the upload page (at most 2,000 characters)" }),
    ...deliveryFields,
  }),
  result: createResult,
  errors: ["not-found", "unavailable", "rate-limited", "not-delivered"],
  async run(services, input, actor) {
    const { requests } = requestsOf(services);
    const terms = requestTermsFrom(input, services.clock());
    if (!wantsDelivery(input) && (input.message !== undefined || input.replyTo !== undefined)) {
      throw new ShareError("bad-input", "message: message and replyTo go with to or contacts", { field: input.message !== undefined ? "message" : "replyTo" });
    }
    // Everything about the e-mail is checked before the request exists.
    const delivery = wantsDelivery(input) ? await planDelivery(services, input.client, input, actor) : undefined;
    // The page names who asks by display name, never by login: the e-mail's sender when sending, else the actor's name if set.
    const sender = delivery ? delivery.sender : await optionalSender(services, actor);
    const record = await requests.create({ client: input.client, issuedBy: actor.name, ...terms, ...(sender ? { sender } : {}) });
    const created = (linkRecord: LinkRecord, sent?: LinkDelivery) => ({
      url: linkRecord.url,
      requestId: linkRecord.linkId,
      request: requestView({ record: linkRecord, status: requestStatus(linkRecord, services.clock()), files: 0, bytes: 0 }),
      ...(sent ? { delivery: sent } : {}),
    });
    if (!delivery) return created(record);
    try {
      const sent = await delivery.send(record);
      return created(sent.record, sent.delivery);
    } catch (error) {
      if (!(error instanceof DeliveryFailedError)) throw error;
      throw new ShareError("not-delivered", `file request ${record.linkId} was made (its URL is in the result) but the e-mail was not sent: ${error.delivery.error}. Send the URL yourself`, {
        partial: created(error.record, error.delivery),
        cause: error,
      });
    }
  },
  audit: (input, result) => ({
    event: "request-created",
    details: { client: input.client, requestId: result.requestId ?? null, expiresAt: result.request?.expiresAt ?? null, delivery: result.delivery?.status ?? "none" },
  }),
});
