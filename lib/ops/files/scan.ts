import { z } from "zod";
import { InvalidRequestError, NotFoundError, ShareError } from "../../errors.js";
import { validateClientName } from "../../links/layout.js";
import { scanClients, type ClientScanReport } from "../../scanning/scan-files.js";
import { SCAN_STATUSES } from "../../scanning/scan-status.js";
import { describeVerdict } from "../../scanning/scan-status.js";
import { defineOperation } from "../operation.js";
import { clientName } from "../schemas.js";
import { scanFields, scanView } from "./file-view.js";

const result = z
  .object({
    scanner: z.string().meta({ description: "clamd or guardduty" }),
    clients: z.array(
      z.object({
        client: z.string(),
        files: z.number().int(),
        scanned: z.number().int().meta({ description: "Files asked to be scanned" }),
        alreadyScanned: z.number().int().meta({ description: "Files left alone: they had a verdict (without rescan)" }),
        statuses: z.partialRecord(z.enum(SCAN_STATUSES), z.number().int()).meta({ description: "How many files say each status after the run" }),
        notClean: z.array(z.object({ path: z.string(), ...scanFields })),
      }),
    ),
  })
  .meta({ id: "ScanReport" });

type Report = z.input<typeof result>;

/**
 * `files.scan`: malware-scans a client's files that have no verdict yet (stored before scanning was
 * on, or whose scan failed), or every client's; with `rescan`, files already scanned too. A run
 * after which a file is infected or has no verdict is `partial` (exit 1), its report in the error.
 */
export const scanFiles = defineOperation({
  name: "files.scan",
  summary: "Malware-scan a client's files (or every client's) that have no verdict yet",
  description:
    "With clamd the scans finish in this call; with GuardDuty each is an on-demand request whose verdict arrives later (files.list shows it). " +
    "When a file is infected or could not be scanned, the answer is a partial error carrying the whole report.",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    client: clientName.optional().meta({ description: "The client whose files to scan" }),
    all: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Every client's files" }),
    rescan: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Files already scanned too (after a signature update, say)" }),
  }),
  result,
  errors: ["not-found", "unavailable", "partial"],
  async run(services, input, _actor, context) {
    const { scanning, catalog } = services;
    if (input.all && input.client !== undefined) throw new InvalidRequestError("all: give either a client or all, not both", { field: "all" });
    if (!input.all && input.client === undefined) throw new InvalidRequestError("client: give a client, or all: true", { field: "client" });
    if (!scanning.enabled) throw new ShareError("unavailable", `malware scanning is ${scanning.description}: set SHARE_SCANNER (docs/scanning.md)`);
    const clients = input.client !== undefined ? [validateClientName(input.client)] : await catalog.clientNames();
    if (input.client !== undefined && !(await catalog.hasClient(input.client))) throw new NotFoundError(`there is no client "${input.client}"`, "client");
    const reports = await scanClients(catalog, scanning, clients, {
      rescan: input.rescan ?? false,
      onClient: (name, due, total) => context.note?.(`${name}: ${due} of ${total} file${total === 1 ? "" : "s"} to scan with ${scanning.description}`),
      onProgress: (p) => context.progress?.(p.done, p.total, `${p.client}/${p.path}: ${p.verdict ? describeVerdict(p.verdict) : "gone (deleted meanwhile)"}`),
    });
    const report: Report = { scanner: scanning.kind, clients: reports.map(view) };
    const bad = report.clients.flatMap((r) => r.notClean.filter((f) => f.scan === "infected" || f.scan === "error").map((f) => `${r.client}/${f.path} (${f.scan}${f.scanDetail ? `: ${f.scanDetail}` : ""})`));
    if (bad.length > 0) throw new ShareError("partial", `${bad.length} file${bad.length === 1 ? " is" : "s are"} still not clean: ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ", ..." : ""}`, { partial: report });
    return report;
  },
  audit: (input, result) => ({
    event: "files-scanned",
    details: { client: input.client ?? null, all: input.all ?? false, rescan: input.rescan ?? false, scanned: (result.clients ?? []).reduce((sum, r) => sum + r.scanned, 0) },
  }),
});

function view(report: ClientScanReport): Report["clients"][number] {
  return { ...report, notClean: report.notClean.map((file) => ({ path: file.path, ...scanView(file.scan) })) };
}
