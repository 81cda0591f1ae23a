import { z } from "zod";
import { defineOperation } from "../operation.js";
import { clientName, linkId } from "../schemas.js";
import { findLink } from "./find-link.js";
import { linkSchema, linkView } from "./link-view.js";

/** `links.get`: one link's record and status. */
export const getLink = defineOperation({
  name: "links.get",
  summary: "Show one link: its record and status",
  access: "operator",
  mutates: false,
  input: z.strictObject({ linkId, client: clientName.optional().meta({ description: "The link's client, when known: one read instead of a search" }) }),
  result: z.object({ link: linkSchema }).meta({ id: "LinkDocument" }),
  errors: ["not-found"],
  async run(services, input) {
    return { link: linkView(await findLink(services, input.linkId, input.client), services.clock()) };
  },
});
