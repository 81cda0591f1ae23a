import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { checkLabel, checkRecipients, withLabel } from "../../links/link-label.js";
import { defineOperation } from "../operation.js";
import { clientName, linkId, linkLabel, linkRecipients, recipientList } from "../schemas.js";
import { findLink } from "./find-link.js";
import { linkSchema, linkView } from "./link-view.js";

/** `links.edit`: a link's label and recipients, changed after it was issued (docs/links.md#labels-and-search). */
export const editLink = defineOperation({
  name: "links.edit",
  summary: "Change a link's label or recipients",
  description:
    "Sets the label (one line, at most 120 characters; \"\" removes it) and/or replaces the recipients (\"\" or [] removes them). " +
    "The link's URL, files and terms do not change. The link index is updated with it, so searches find the new words at once.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    linkId,
    client: clientName.optional().meta({ description: "The link's client, when known: one read instead of a search" }),
    label: linkLabel.optional(),
    recipients: linkRecipients.optional(),
  }),
  result: z.object({ link: linkSchema, changed: z.boolean().meta({ description: "false: the link already had this label and these recipients" }) }).meta({ id: "EditedLink" }),
  errors: ["not-found"],
  async run(services, input) {
    if (input.label === undefined && input.recipients === undefined) throw new InvalidRequestError("label: give a label, recipients, or both", { field: "label" });
    const label = input.label === undefined ? undefined : checkLabel(input.label);
    const recipients = input.recipients === undefined ? undefined : checkRecipients(recipientList(input.recipients));
    const found = await findLink(services, input.linkId, input.client);
    let changed = false;
    const record = await services.records.update(found.client, found.linkId, (current) => {
      let next = label === undefined ? current : withLabel(current, label);
      if (recipients !== undefined) next = { ...next, recipients };
      changed = JSON.stringify(next) !== JSON.stringify(current);
      return next;
    });
    return { link: linkView(record, services.clock()), changed };
  },
  audit: (input, result) => ({
    event: "link-edited",
    details: {
      linkId: input.linkId,
      client: result.link?.client ?? null,
      ...(input.label !== undefined ? { label: result.link?.label ?? "" } : {}),
      ...(input.recipients !== undefined ? { recipients: result.link?.recipients?.length ?? 0 } : {}),
      changed: result.changed ?? false,
    },
  }),
});
