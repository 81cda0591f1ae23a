import { z } from "zod";
import { ShareError } from "../../errors.js";
import { denyLink, pruneDenyList } from "../../revocation/prune.js";
import { defineOperation } from "../operation.js";
import { guardedLinkId, instant } from "../schemas.js";
import type { Services } from "../services.js";
import { edgeRevocationSchema } from "./revoke.js";
import { readInstant } from "./terms.js";

const NO_LIST = "no revocation list is configured: set SHARE_REVOCATION_STORE_ARN (the revocationStoreArn stack output)";

function listOf(services: Services) {
  if (!services.denyList) throw new ShareError("unavailable", NO_LIST);
  return services.denyList;
}

/** `links.revokeId`: an id no record knows (URLs signed by hand with `sign --link-id`): only the revocation list changes. */
export const revokeHandSigned = defineOperation({
  name: "links.revokeId",
  summary: "Revoke a link id that has no record (URLs signed by hand with sign --link-id): put it into the edge's revocation list",
  access: "operator",
  mutates: true,
  input: z.strictObject({ linkId: guardedLinkId, until: instant("the URLs' expiry").meta({ description: "When the URLs expire anyway: the id is listed until then" }) }),
  result: z.object({ linkId: z.string(), expiresAt: z.string(), edge: edgeRevocationSchema }).meta({ id: "RevokedId" }),
  errors: ["unavailable", "full"],
  async run(services, input) {
    const list = listOf(services);
    const now = services.clock();
    const expiresAt = readInstant(input.until, "until", now).toISOString();
    const written = await denyLink(list, { linkId: input.linkId, expiresAt }, now);
    return { linkId: input.linkId, expiresAt, edge: { ...written, takesEffect: list.takesEffect } };
  },
  audit: (input, result) => ({ event: "link-id-revoked", details: { linkId: input.linkId, expiresAt: result.expiresAt ?? null } }),
});

/** `links.prune`: drops the ids of expired links from the revocation list. */
export const pruneRevocationList = defineOperation({
  name: "links.prune",
  summary: "Remove ids of links that have expired from the edge's revocation list (revoke and rotate-keys do it too)",
  access: "operator",
  mutates: true,
  input: z.strictObject({}),
  result: z
    .object({ location: z.string(), pruned: z.array(z.string()), remaining: z.number().int().meta({ description: "Revoked links still listed" }) })
    .meta({ id: "PrunedRevocationList" }),
  errors: ["unavailable"],
  async run(services) {
    const list = listOf(services);
    const removed = await pruneDenyList(list, services.clock());
    return { location: list.location, pruned: removed.map((entry) => entry.linkId), remaining: (await list.entries()).length };
  },
  audit: (_input, result) => ({ event: "revocation-list-pruned", details: { pruned: result.pruned ?? [] } }),
});
