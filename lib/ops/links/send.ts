import { z } from "zod";
import { DeliveryFailedError } from "../../delivery/send-link.js";
import { ShareError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { checkLabel, withLabel } from "../../links/link-label.js";
import { clientName, linkId, linkLabel } from "../schemas.js";
import { deliveryFields, planDelivery } from "./delivery-plan.js";
import { findLink } from "./find-link.js";
import { deliverySchema, linkSchema, linkView } from "./link-view.js";

/** `links.send`: sends an issued link by e-mail (docs/delivery.md). */
export const sendLinkOperation = defineOperation({
  name: "links.send",
  summary: "Send an issued link by e-mail",
  description:
    "To the addresses in `to`, and to the client's contacts with `contacts: true`. The record notes the delivery before and after sending. " +
    "A refused message is a not-delivered error that carries the delivery and the link (which still works).",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    linkId,
    client: clientName.optional().meta({ description: "The link's client, when known: one read instead of a search" }),
    label: linkLabel.optional().meta({ description: "Sets the link's label as it is sent (docs/links.md#labels-and-search)" }),
    ...deliveryFields,
  }),
  result: z.object({ delivery: deliverySchema, link: linkSchema }).meta({ id: "SentLink" }),
  errors: ["not-found", "unavailable", "rate-limited", "not-delivered"],
  async run(services, input, actor) {
    const found = await findLink(services, input.linkId, input.client);
    const label = input.label === undefined ? undefined : checkLabel(input.label);
    const plan = await planDelivery(services, found.client, input, actor);
    const record = label === undefined || label === (found.label ?? "") ? found : await services.records.update(found.client, found.linkId, (current) => withLabel(current, label));
    try {
      const sent = await plan.send(record);
      return { delivery: sent.delivery, link: linkView(sent.record, services.clock()) };
    } catch (error) {
      if (!(error instanceof DeliveryFailedError)) throw error;
      throw new ShareError("not-delivered", error.message, { partial: { delivery: error.delivery, link: linkView(error.record, services.clock()) }, cause: error });
    }
  },
  audit: (input, result) => ({
    event: "link-sent",
    details: { linkId: input.linkId, client: result.link?.client ?? null, ...(input.label !== undefined ? { label: input.label.trim() } : {}), recipients: result.delivery?.to.length ?? 0, via: result.delivery?.via ?? "", delivery: result.delivery?.status ?? "failed" },
  }),
});
