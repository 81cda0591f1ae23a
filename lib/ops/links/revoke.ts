import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { removeUnrecordedPage } from "../../links/unrecorded-page.js";
import { defineOperation } from "../operation.js";
import { linkId } from "../schemas.js";
import { requireLinkId } from "./find-link.js";
import { linkSchema, linkView } from "./link-view.js";

export const edgeRevocationSchema = z
  .object({
    listed: z.boolean().meta({ description: "The id is in the revocation list (false only for a link that had expired anyway)" }),
    takesEffect: z.string().meta({ description: 'When the edge refuses its URLs: "at once" locally, "within about a minute" at CloudFront' }),
    pruned: z.number().int().meta({ description: "Expired ids removed from the list in the same write" }),
  })
  .meta({ id: "EdgeRevocation" });

/** `links.revoke`: the edge refuses every URL of one link; its page is deleted and its record marked. */
export const revokeLink = defineOperation({
  name: "links.revoke",
  summary: "Revoke one link: the edge refuses its page and every file URL, the page is deleted, the record marked",
  description:
    "Puts the link id into the edge's revocation list (docs/revocation.md), deletes the page, marks the record and, when a distribution id is set, " +
    "invalidates the page's path. Other links keep working. A page with no record (left by a crash) is found and deleted too. Revoking again is safe.",
  access: "operator",
  mutates: true,
  input: z.strictObject({ linkId }),
  result: z
    .object({
      linkId: z.string(),
      client: z.string(),
      link: linkSchema.optional().meta({ description: "The revoked link; absent for a page that had no record" }),
      alreadyRevoked: z.boolean(),
      unrecorded: z.boolean().meta({ description: "The link had no record (a publication that crashed half-way): only its page was deleted" }),
      invalidated: z.boolean().meta({ description: "A CloudFront invalidation of the page's path was requested" }),
      edge: edgeRevocationSchema.nullable().meta({ description: "null: no revocation list is configured, so the file URLs keep working until they expire" }),
    })
    .meta({ id: "RevokedLink" }),
  errors: ["not-found", "full", "upstream"],
  async run(services, input, actor) {
    requireLinkId(input.linkId);
    try {
      const result = await services.records.revoke(input.linkId, actor.name);
      return {
        linkId: input.linkId,
        client: result.record.client,
        link: linkView(result.record, services.clock()),
        alreadyRevoked: result.alreadyRevoked,
        unrecorded: false,
        invalidated: result.invalidated,
        edge: result.edge ?? null,
      };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      // A page can outlive a publication that crashed before its record was written: remove it too.
      const removed = await removeUnrecordedPage(
        { store: services.store, catalog: services.catalog, prefix: services.settings.prefix, ...(services.invalidator ? { invalidator: services.invalidator } : {}) },
        input.linkId,
      );
      if (!removed) throw error;
      return { linkId: input.linkId, client: removed.client, alreadyRevoked: false, unrecorded: true, invalidated: removed.invalidated, edge: null };
    }
  },
  audit: (input, result) => ({
    event: "link-revoked",
    details: {
      linkId: input.linkId,
      client: result.client ?? null,
      alreadyRevoked: result.alreadyRevoked ?? false,
      unrecorded: result.unrecorded ?? false,
      refusedAtEdge: result.edge ? result.edge.listed : "no revocation list",
    },
  }),
});
