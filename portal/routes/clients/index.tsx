import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import { activeCounts, listLinks } from "../../sharing/links.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { largeSelectionWarning, parseSelection, summarizeSelection } from "../../../lib/publishing/selection.js";
import { HTTP_STATUS, NotFoundError, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { operationRunner } from "../../operations.js";
import { ClientPage } from "../../views/client-page.js";
import { ClientsPage } from "../../views/clients-page.js";
import { seg } from "../../views/page.js";
import { LIST_SCANS } from "../../../lib/ops/links/list.js";
import { NoFilesError } from "../../../lib/publishing/publisher.js";
import { visibleName } from "../../../lib/pages/visible-name.js";
import type { CatalogFile } from "../../../lib/publishing/catalog.js";
import type { ScanView } from "../../views/scan-badge.js";

/** Links shown under "Recent activity" on a client's page. */
const RECENT_LINKS = 5;

const MAX_QUERY = 255;

type SignedInContext = Context<AppEnv & SignedInEnv>;

/** The clients list, one client's files with the issue form, and issuing a link from that form. */
export function clientRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv>()
    .get("/clients", requireUser(), async (c) => {
      const query = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY);
      const [all, records, profiles] = await Promise.all([reads.clients(), reads.records(), deps.services.profiles.all()]);
      const showArchived = c.req.query("archived") === "yes";
      // Archived clients keep their files but leave the list, unless asked for.
      const summaries = all.filter((summary) => showArchived || !profiles?.get(summary.client)?.archived);
      const counts = activeCounts(listLinks(records, deps.clock(), { status: "active" }));
      const needle = query.toLowerCase();
      const rows = summaries
        .map((summary) => {
          const displayName = profiles?.get(summary.client)?.displayName;
          return { ...summary, activeLinks: counts.get(summary.client) ?? 0, ...(displayName ? { displayName } : {}) };
        })
        .filter((row) => row.client.toLowerCase().includes(needle) || (row.displayName?.toLowerCase().includes(needle) ?? false));
      return c.html(<ClientsPage clients={rows} query={query} total={summaries.length} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/clients/:client", requireUser(), (c) => clientPage(c, deps, reads, c.req.param("client"), {}))
    .post("/clients/:client/links", requireUser(), async (c) => {
      const client = c.req.param("client");
      const { fields, only } = formFields(await c.req.parseBody({ all: true }));
      const refused = (error: string, largeWarning?: string) => clientPage(c, deps, reads, client, { values: fields, selected: only, error, ...(largeWarning ? { largeWarning } : {}) }, HTTP_STATUS["bad-input"]);
      const input = termsFromForm({ ...fields, ...(only.length > 0 ? { only } : {}) }, deps.clock());
      if (!input.ok) return refused(input.error);
      try {
        if (fields.confirmLarge !== "yes") {
          const covered = summarizeSelection(await reads.files(client), parseSelection(only));
          const warning = largeSelectionWarning(input.terms.mode ?? "per-file", covered.fileCount);
          if (warning) return refused(`Not issued yet: ${warning}. Choose “One signature per folder”, or tick “Issue a per-file link anyway”.`, warning);
        }
        const { terms } = input;
        const issued = await run(c, ops.links.issue, {
          client,
          expires: terms.expiresAt.toISOString(),
          ...(terms.notBefore ? { notBefore: terms.notBefore.toISOString() } : {}),
          ...(terms.ipRange ? { ip: terms.ipRange } : {}),
          ...(terms.mode ? { mode: terms.mode } : {}),
          ...(terms.hashAlgorithm ? { hashAlgorithm: terms.hashAlgorithm } : {}),
          ...(terms.only ? { only: [...terms.only] } : {}),
        });
        return c.redirect(`/links/${seg(issued.link.linkId)}/issued?client=${seg(client)}`, 303);
      } catch (error) {
        // An empty client: said on its own page, above the form, not on an error page.
        if (error instanceof NoFilesError) {
          const profile = await deps.services.profiles.get(client).catch(() => undefined);
          return refused(`Nothing issued: ${profile?.displayName ? visibleName(profile.displayName) : client} has no files to share yet. Upload files first (Upload files, or signed-share files put), then issue the link.`);
        }
        // What the form can fix comes back on the form, the values kept.
        if ((error instanceof ShareError && error.kind === "bad-input") || (error instanceof NotFoundError && error.what === "path")) return refused(error.message);
        throw error;
      }
    });
}

/** The client page; with `form`, the issue form shows the refused values and why. */
async function clientPage(
  c: SignedInContext,
  deps: PortalDeps,
  reads: ReadCache,
  client: string,
  form: { values?: Record<string, string>; selected?: string[]; error?: string; largeWarning?: string },
  status: ContentfulStatusCode = 200) {
  const now = deps.clock();
  const [files, records, profile, requests] = await Promise.all([
    reads.files(client),
    reads.records(),
    deps.services.profiles.get(client).catch(() => undefined),
    deps.services.requests?.requests.list(client),
  ]);
  const scan = await scanStatusesFor(deps, files);
  const links = listLinks(records, now, { client, status: "active" });
  const ofClient = records.filter((record) => record.client === client);
  const usage = deps.services.activity ? await deps.services.activity.summaries(ofClient, { maxScans: LIST_SCANS }).catch(() => undefined) : undefined;
  const recent = usage
    ? ofClient
        .map((record) => ({ record, totals: usage.get(record.linkId) ?? null }))
        .filter((item) => item.totals !== null)
        .sort((a, b) => ((a.totals!.lastDownloadAt ?? a.totals!.asOf) < (b.totals!.lastDownloadAt ?? b.totals!.asOf) ? 1 : -1))
        .slice(0, RECENT_LINKS)
    : undefined;
  return c.html(
    <ClientPage
      client={client}
      {...(profile?.displayName ? { displayName: profile.displayName } : {})}
      files={files}
      activeLinks={links.length}
      {...(recent ? { recentActivity: recent } : {})}
      manageFiles={deps.services.files !== undefined}
      {...(requests ? { requests } : {})}
      scan={scan}
      form={{ ...form, minDateTime: toUtcDateTimeValue(now) }}
      user={c.get("user")}
      csrfToken={csrfToken(c)}
    />,
    status,
  );
}

/** A page reads the scan statuses of at most this many files (the rest: `signed-share files ls`). */
const SCAN_STATUSES_SHOWN = 1000;

/** The scan statuses the client page shows, by path: read for the listed files only, with bounded concurrency. */
async function scanStatusesFor(deps: PortalDeps, files: CatalogFile[]): Promise<ScanView> {
  const scanning = deps.services.scanning;
  if (!scanning?.enabled) return { enabled: false, description: scanning?.description ?? "off: SHARE_SCANNER is not set, so files are shared without a malware scan" };
  const shown = files.slice(0, SCAN_STATUSES_SHOWN);
  const verdicts = await scanning.statuses(shown.map((file) => file.key));
  return {
    enabled: true,
    description: scanning.description,
    byPath: new Map(shown.map((file) => [file.path, verdicts.get(file.key) ?? { status: "pending" as const }])),
    ...(files.length > shown.length ? { limitedTo: shown.length } : {}),
  };
}

/** The form's single fields (the first value of each) and its ticked `only` boxes. */
function formFields(body: Record<string, string | File | (string | File)[]>): { fields: Record<string, string>; only: string[] } {
  const fields: Record<string, string> = {};
  let only: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (name === "only") only = values;
    else if (values.length > 0) fields[name] = values[0]!;
  }
  return { fields, only };
}
