import { z } from "zod";
import { kindOf, NotFoundError, ShareError } from "../../errors.js";
import { publishAll } from "../../publishing/publish-all.js";
import { NoFilesError } from "../../publishing/publisher.js";
import { defineOperation } from "../operation.js";
import { linkSchema, linkView } from "./link-view.js";
import { publishFields, readTerms, termFields } from "./terms.js";

const resultSchema = z
  .object({
    expiresAt: z.string(),
    issued: z.array(z.object({ client: z.string(), url: z.string(), link: linkSchema })).meta({ description: "One link per client that has files, in the clients' order" }),
    skipped: z
      .array(z.object({ client: z.string(), reason: z.string() }))
      .meta({ description: "Clients with no files to share: no link issued, not a failure" }),
    failed: z
      .array(z.object({ client: z.string(), error: z.object({ kind: z.string(), message: z.string() }) }))
      .meta({ description: "Clients whose link could not be issued (files not scanned clean yet, a storage error); the others were issued" }),
  })
  .meta({ id: "IssuedLinks" });

/** `links.issueAll`: one link per client folder, on the same terms; keeps going when one fails. */
export const issueAllLinks = defineOperation({
  name: "links.issueAll",
  summary: "Issue one link per client folder, on the same terms",
  description:
    "Skips clients with no files to share (listed in skipped; not a failure). Keeps going when one client fails (files not scanned clean yet, a storage error); then the error (partial) carries what was issued, skipped and failed.",
  access: "operator",
  mutates: true,
  input: z.strictObject({ ...termFields, ...publishFields }),
  result: resultSchema,
  errors: ["not-found", "partial"],
  async run(services, input, actor, context) {
    const terms = readTerms(services, input);
    const clients = await services.catalog.clientNames();
    if (clients.length === 0) throw new NotFoundError(`there are no client folders under ${services.settings.prefix}/`, "client", `${services.store.location}/${services.settings.prefix}/`);
    const request = { ...terms, issuedBy: actor.name, ...(input.mode ? { mode: input.mode } : {}), ...(input.hashAlgorithm ? { hashAlgorithm: input.hashAlgorithm } : {}) };
    const outcomes = await services.gate.run(() =>
      publishAll(services.publisher, clients, request, {
        onOutcome: (outcome, done, total) =>
          context.progress?.(done, total, `${outcome.client}: ${"record" in outcome ? `${outcome.record.fileCount} files` : outcome.error instanceof NoFilesError ? "skipped: no files" : `failed: ${outcome.error.message}`}`),
      }),
    );
    const now = services.clock();
    const result = {
      expiresAt: terms.expiresAt.toISOString(),
      issued: outcomes.flatMap((o) => ("record" in o ? [{ client: o.client, url: o.record.url, link: linkView(o.record, now) }] : [])),
      skipped: outcomes.flatMap((o) => ("error" in o && o.error instanceof NoFilesError ? [{ client: o.client, reason: "no files to share" }] : [])),
      failed: outcomes.flatMap((o) => ("error" in o && !(o.error instanceof NoFilesError) ? [{ client: o.client, error: { kind: kindOf(o.error), message: o.error.message } }] : [])),
    };
    if (result.failed.length > 0) throw new ShareError("partial", `${result.failed.length} of ${outcomes.length} clients got no link: ${result.failed.map((f) => `${f.client}: ${f.error.message}`).join("; ")}`, { partial: result });
    return result;
  },
  audit: (_input, result) => ({
    event: "links-issued",
    details: { linkIds: (result.issued ?? []).map((i) => i.link.linkId), skipped: (result.skipped ?? []).map((s) => s.client), failed: (result.failed ?? []).map((f) => f.client) },
  }),
});
