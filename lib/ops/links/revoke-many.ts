import { z } from "zod";
import { kindOf, ShareError } from "../../errors.js";
import { defineOperation, type AuditOf } from "../operation.js";
import { linkId } from "../schemas.js";
import { revokeLink } from "./revoke.js";

/** Links one request may revoke at most (a page of the Links page holds up to 1,000; pick fewer). */
export const MAX_REVOKE_MANY = 200;

const outcome = z
  .object({
    linkId: z.string(),
    client: z.string().nullable().meta({ description: "null when the link was not found" }),
    outcome: z.enum(["revoked", "already-revoked", "failed"]),
    error: z.object({ kind: z.string(), message: z.string() }).optional().meta({ description: "Why it failed (the link, if it exists, still works)" }),
  })
  .meta({ id: "RevokeOutcome" });

/** `links.revokeMany`: several links, each revoked as `links.revoke` does, with an outcome per link. */
export const revokeManyLinks = defineOperation({
  name: "links.revokeMany",
  summary: "Revoke several links at once, with an outcome per link",
  description:
    "Each link as `links.revoke` does, one after the other; one failing does not stop the others. The audit trail gets one event per link. " +
    "When some fail, the error (partial) carries every outcome.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    linkIds: z
      .array(linkId, { error: "must be a list of link ids" })
      .min(1, { error: "give at least one link id" })
      .max(MAX_REVOKE_MANY, { error: `at most ${MAX_REVOKE_MANY} links at once` })
      .meta({ description: `The links to revoke (at most ${MAX_REVOKE_MANY})` }),
  }),
  result: z
    .object({
      results: z.array(outcome),
      revoked: z.number().int().meta({ description: "Links revoked now" }),
      failed: z.number().int().meta({ description: "Links that could not be revoked (they still work); try again" }),
    })
    .meta({ id: "RevokedLinks" }),
  errors: ["partial"],
  async run(services, input, actor, context) {
    const ids = [...new Set(input.linkIds)];
    const results: z.input<typeof outcome>[] = [];
    for (const [i, id] of ids.entries()) {
      try {
        const done = await revokeLink.run(services, { linkId: id }, actor, context);
        results.push({ linkId: id, client: done.client, outcome: done.alreadyRevoked ? "already-revoked" : "revoked" });
      } catch (error) {
        results.push({ linkId: id, client: null, outcome: "failed", error: { kind: kindOf(error), message: error instanceof Error ? error.message : String(error) } });
      }
      context.progress?.(i + 1, ids.length, `${id}: ${results.at(-1)!.outcome}`);
    }
    const result = { results, revoked: results.filter((r) => r.outcome === "revoked").length, failed: results.filter((r) => r.outcome === "failed").length };
    if (result.failed > 0) {
      const failed = results.filter((r) => r.outcome === "failed");
      throw new ShareError("partial", `${result.revoked} of ${ids.length} links revoked; ${result.failed} failed and still work: ${failed.map((f) => `${f.linkId}: ${f.error!.message}`).join("; ")}`, { partial: result });
    }
    return result;
  },
  audit: (_input, result): AuditOf[] =>
    (result.results ?? []).map((r) => ({
      event: "link-revoked",
      details: { linkId: r.linkId, client: r.client, alreadyRevoked: r.outcome === "already-revoked", ...(r.error ? { error: r.error.message } : {}), together: result.results!.length },
      outcome: r.outcome === "failed" ? (r.error!.kind as ShareError["kind"]) : "ok",
    })),
});
