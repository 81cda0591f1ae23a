import { z } from "zod";
import { RenewRevokeFailedError, renewLink } from "../../links/renew.js";
import { validateTerms } from "../../publishing/terms.js";
import { ShareError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { instant, linkId } from "../schemas.js";
import { requireLinkId } from "./find-link.js";
import { linkSchema, linkView } from "./link-view.js";
import { readInstant } from "./terms.js";

/** `links.renew`: "issue again", a new link for the same client and selection with a new expiry. */
export const renewLinkOperation = defineOperation({
  name: "links.renew",
  summary: 'Issue a link again ("renew"): the same client, selection, mode and IP range, a new expiry',
  description:
    "The new link is published first, so a failure never leaves the client with neither; with revokeOld the old link is then revoked. " +
    "If that fails, the error (upstream) carries the new link.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    linkId,
    expires: instant("the new expiry"),
    revokeOld: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Revoke the old link once the new one is issued" }),
  }),
  result: z
    .object({
      url: z.string().meta({ description: "The new link to send" }),
      link: linkSchema,
      renewedFrom: z.string().meta({ description: "The old link's id" }),
      revokedOld: z.boolean(),
    })
    .meta({ id: "RenewedLink" }),
  errors: ["not-found", "upstream"],
  async run(services, input, actor) {
    requireLinkId(input.linkId);
    const now = services.clock();
    const expiresAt = readInstant(input.expires, "expires", now);
    validateTerms({ expiresAt }, now, services.settings.maxExpiryMs);
    try {
      const result = await services.gate.run(() => renewLink(services.publisher, { linkId: input.linkId, expiresAt, issuedBy: actor.name, revokeOld: input.revokeOld ?? false }));
      return { url: result.record.url, link: linkView(result.record, services.clock()), renewedFrom: input.linkId, revokedOld: Boolean(result.revoked) };
    } catch (error) {
      if (!(error instanceof RenewRevokeFailedError)) throw error;
      throw new ShareError("upstream", error.message, { partial: { url: error.record.url, link: linkView(error.record, services.clock()), renewedFrom: input.linkId, revokedOld: false }, cause: error });
    }
  },
  audit: (input, result) => ({
    event: "link-renewed",
    details: { from: input.linkId, linkId: result.link?.linkId ?? null, client: result.link?.client ?? null, expiresAt: result.link?.expiresAt ?? null, revokedOld: result.revokedOld ?? false },
  }),
});
