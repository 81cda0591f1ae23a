import { z } from "zod";
import { legacyLinks } from "../../revocation/legacy-links.js";
import { defineOperation } from "../operation.js";

/** `links.legacy`: for a stack upgraded to the edge guard, the links issued before link ids that still work. */
export const legacyLinksOperation = defineOperation({
  name: "links.legacy",
  summary: "Links issued before link ids that are still valid, and the legacyLinksUntil value that keeps them working until they expire",
  description: "For a stack upgraded to the edge guard (docs/deploy.md#upgrading-a-stack-with-live-links).",
  access: "operator",
  mutates: false,
  input: z.strictObject({}),
  result: z
    .object({
      withoutId: z.number().int().meta({ description: "Recorded links whose URLs carry no id" }),
      legacyLinksUntil: z.string().nullable().meta({ description: "The value for the stack setting legacyLinksUntil (SHARE_LEGACY_LINKS_UNTIL locally); null when none is still valid" }),
      valid: z.array(z.object({ linkId: z.string(), client: z.string(), expiresAt: z.string() })).meta({ description: "The links without an id the edge would still serve, latest expiry first" }),
    })
    .meta({ id: "LegacyLinks" }),
  errors: [],
  async run(services) {
    const found = legacyLinks(await services.records.list(), services.clock());
    return { withoutId: found.withoutId, legacyLinksUntil: found.legacyLinksUntil ?? null, valid: found.valid };
  },
});
