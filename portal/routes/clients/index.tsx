import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import { activeCounts, listLinks } from "../../sharing/links.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { largeSelectionWarning, parseSelection, summarizeSelection } from "../../../lib/publish/selection.js";
import { NotFoundError } from "../../../lib/publish/errors.js";
import { ClientPage } from "../../views/client-page.js";
import { ClientsPage } from "../../views/clients-page.js";
import { seg } from "../../views/page.js";
import { listSummaries } from "../../sharing/activity.js";
import type { CatalogFile } from "../../../lib/publish/catalog.js";
import type { ScanView } from "../../views/scan-badge.js";

/** Links shown under "Recent activity" on a client's page. */
const RECENT_LINKS = 5;

const MAX_QUERY = 255;

type SignedInContext = Context<AppEnv & SignedInEnv>;

/** The clients list, one client's files with the issue form, and issuing a link from that form. */
export function clientRoutes(deps: PortalDeps, reads: ReadCache) {
  return new Hono<AppEnv>()
    .get("/clients", requireUser(), async (c) => {
      const query = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY);
      const [all, records, profiles] = await Promise.all([reads.clients(), reads.records(), deps.files?.profiles.all()]);
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
      const refused = (error: string, largeWarning?: string) => clientPage(c, deps, reads, client, { values: fields, selected: only, error, ...(largeWarning ? { largeWarning } : {}) }, 400);
      const input = termsFromForm({ ...fields, ...(only.length > 0 ? { only } : {}) }, deps.clock());
      if (!input.ok) return refused(input.error);
      const user = c.get("user");
      try {
        if (fields.confirmLarge !== "yes") {
          const covered = summarizeSelection(await reads.files(client), parseSelection(only));
          const warning = largeSelectionWarning(input.terms.mode ?? "per-file", covered.fileCount);
          if (warning) return refused(`Not issued yet: ${warning}. Choose “One signature per folder”, or tick “Issue a per-file link anyway”.`, warning);
        }
        const record = await reads.publish({ client, issuedBy: user.name, ...input.terms });
        deps.logger.info({ event: "link-issued", client, linkId: record.linkId, by: user.name, expiresAt: record.expiresAt, mode: record.mode });
        return c.redirect(`/links/${seg(record.linkId)}/issued?client=${seg(client)}`, 303);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        if (known.status === 400 || (error instanceof NotFoundError && error.what === "path")) return refused(known.message);
        return refuse(c, known.status, known.title, known.message);
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
  try {
    const [files, records, profile, requests] = await Promise.all([
      reads.files(client),
      reads.records(),
      deps.files?.profiles.get(client).catch(() => undefined),
      deps.requests?.requests.list(client),
    ]);
    const scan = await scanStatusesFor(deps, files);
    const links = listLinks(records, now, { client, status: "active" });
    const ofClient = records.filter((record) => record.client === client);
    const usage = await listSummaries(deps, ofClient);
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
        manageFiles={deps.files !== undefined}
        {...(requests ? { requests } : {})}
        scan={scan}
        form={{ ...form, minDateTime: toUtcDateTimeValue(now) }}
        user={c.get("user")}
        csrfToken={csrfToken(c)}
      />,
      status,
    );
  } catch (error) {
    const known = publishErrorStatus(error);
    if (!known) throw error;
    return refuse(c, known.status, known.title, known.message);
  }
}

/** A page reads the scan statuses of at most this many files (the rest: `signed-share files ls`). */
const SCAN_STATUSES_SHOWN = 1000;

/** The scan statuses the client page shows, by path: read for the listed files only, with bounded concurrency. */
async function scanStatusesFor(deps: PortalDeps, files: CatalogFile[]): Promise<ScanView> {
  const scanning = deps.scanning;
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
