import { z } from "zod";
import { DeliveryFailedError } from "../../delivery/send-link.js";
import { ShareError } from "../../errors.js";
import type { LinkDelivery, LinkRecord } from "../../links/link-record.js";
import { largeSelectionWarning, MAX_SELECTION_ENTRIES } from "../../publishing/selection.js";
import { defineOperation } from "../operation.js";
import { checkLabel, checkRecipients } from "../../links/link-label.js";
import { clientName, linkLabel, linkRecipients, recipientList } from "../schemas.js";
import { deliveryFields, optionalSender, planDelivery, wantsDelivery } from "./delivery-plan.js";
import { deliverySchema, linkSchema, linkView } from "./link-view.js";
import { publishFields, readTerms, termFields } from "./terms.js";

export const issueResult = z
  .object({
    url: z.string().meta({ description: "The link to send: the signed URL of the client's index page" }),
    link: linkSchema,
    warning: z.string().optional().meta({ description: "Set when a per-file link covers so many files that folder mode would serve the client better" }),
    delivery: deliverySchema.optional().meta({ description: "Set when the link was sent by e-mail (to, contacts)" }),
  })
  .meta({ id: "IssuedLink" });

/** `links.issue`: publishes a client's page and returns its link; sends it by e-mail when asked. */
export const issueLink = defineOperation({
  name: "links.issue",
  summary: "Issue a link: publish the client's index page and return its signed URL",
  description:
    "Every file link on the page, and the page itself, expire at the same moment. With `to` or `contacts` the link is also sent by e-mail; " +
    "recipients, message and transport are checked before anything is issued. If the mail server then refuses, the link exists: the error " +
    "(not-delivered) carries it with the failed delivery.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    client: clientName,
    ...termFields,
    ...publishFields,
    only: z
      .array(z.string({ error: "must be a list of paths" }).max(1024), { error: "must be a list of paths" })
      .max(MAX_SELECTION_ENTRIES, { error: `holds at most ${MAX_SELECTION_ENTRIES} paths: choose folders instead` })
      .optional()
      .meta({ description: 'Share only these sub-folders ("exports/") and files of the client\'s folder; default: all of it' }),
    label: linkLabel.optional(),
    recipients: linkRecipients.optional(),
    ...deliveryFields,
  }),
  result: issueResult,
  errors: ["not-found", "unavailable", "rate-limited", "not-delivered"],
  async run(services, input, actor) {
    const terms = readTerms(services, input);
    const label = input.label === undefined ? undefined : checkLabel(input.label);
    const recipients = input.recipients === undefined ? undefined : checkRecipients(recipientList(input.recipients));
    if (!wantsDelivery(input) && (input.message !== undefined || input.replyTo !== undefined)) {
      throw new ShareError("bad-input", "message: message and replyTo go with to or contacts", { field: input.message !== undefined ? "message" : "replyTo" });
    }
    const delivery = wantsDelivery(input) ? await planDelivery(services, input.client, input, actor) : undefined;
    const only = input.only?.filter((path) => path !== "");
    const sender = delivery ? delivery.sender : await optionalSender(services, actor);
    const record = await services.gate.run(() =>
      services.publisher.publish({
        client: input.client,
        issuedBy: actor.name,
        ...(label ? { label } : {}),
        ...(recipients && recipients.length > 0 ? { recipients } : {}),
        ...(sender ? { sender } : {}),
        ...(delivery?.note ? { message: delivery.note } : {}),
        ...terms,
        ...(input.mode ? { mode: input.mode } : {}),
        ...(input.hashAlgorithm ? { hashAlgorithm: input.hashAlgorithm } : {}),
        ...(only && only.length > 0 ? { only } : {}),
      }),
    );
    const issued = (linkRecord: LinkRecord, sent?: LinkDelivery) => {
      const warning = largeSelectionWarning(linkRecord.mode, linkRecord.fileCount);
      return { url: linkRecord.url, link: linkView(linkRecord, services.clock()), ...(warning ? { warning } : {}), ...(sent ? { delivery: sent } : {}) };
    };
    if (!delivery) return issued(record);
    try {
      const sent = await delivery.send(record);
      return issued(sent.record, sent.delivery);
    } catch (error) {
      if (!(error instanceof DeliveryFailedError)) throw error;
      throw new ShareError("not-delivered", `link ${record.linkId} was issued (its URL is in the result) but the e-mail was not sent: ${error.delivery.error}. Send the URL yourself, or again from the link's page in the portal`, {
        partial: issued(error.record, error.delivery),
        cause: error,
      });
    }
  },
  audit: (input, result) => ({
    event: "link-issued",
    details: {
      client: input.client,
      linkId: result.link?.linkId ?? null,
      expiresAt: result.link?.expiresAt ?? null,
      mode: result.link?.mode ?? null,
      ...(result.link?.label ? { label: result.link.label } : {}),
      ...(result.delivery ? { sentTo: result.delivery.to, delivery: result.delivery.status } : {}),
    },
  }),
});
