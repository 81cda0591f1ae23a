import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import { pagerLinks, pagerState } from "../../sharing/pager.js";
import { pageLimit } from "../../sharing/page-limit.js";
import { clientsPage } from "../../../lib/ops/clients/clients-page.js";
import { FolderItems } from "../../views/folder-list.js";
import { ISSUE_FORM_ID } from "../../views/issue-form.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { refuse } from "../../respond.js";
import { LARGE_PER_FILE_SELECTION, largeSelectionWarning, parseSelection } from "../../../lib/publishing/selection.js";
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

/** Links shown under "Recent activity" on a client's page, from its latest RECENT_SCANS links. */
const RECENT_LINKS = 5;
const RECENT_SCANS = 20;
/** File requests shown on a client's page, newest first (the rest: `signed-share requests ls CLIENT`). */
const CLIENT_REQUESTS = 10;
/** Entries of one folder per page of a big client's listing. */
const FOLDER_PAGE = 200;

const MAX_QUERY = 255;

type SignedInContext = Context<AppEnv & SignedInEnv>;

/** The clients list, one client's files with the issue form, and issuing a link from that form. */
export function clientRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv>()
    .get("/clients", requireUser(), async (c) => {
      const query = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY);
      const showArchived = c.req.query("archived") === "yes";
      const pager = pagerState(c.req.query("after") || undefined, c.req.query("back"));
      // Archived clients keep their files but leave the list, unless asked for.
      const limit = pageLimit(c.req.query("limit")) ?? undefined;
      const page = await clientsPage(deps.services, { search: query, archived: showArchived, ...(limit ? { limit } : {}), ...(pager.after ? { after: pager.after } : {}) }, reads);
      const pages = pagerLinks("/clients", { q: query, ...(showArchived ? { archived: "yes" } : {}), ...(limit ? { limit: String(limit) } : {}) }, pager, page.next);
      return c.html(<ClientsPage clients={page.rows} query={query} archived={showArchived} pages={pages} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/clients/:client/tree", requireUser(), async (c) => {
      // One folder's entries, for the client page's script to open a folder in place.
      const client = c.req.param("client");
      const folder = folderParam(c.req.query("folder"));
      if (folder === undefined) return refuse(c, "bad-input", "Invalid folder", "The folder must be a path inside the client's folder, ending with /.");
      const view = await deps.services.catalog.folder(client, folder, { limit: FOLDER_PAGE, ...(c.req.query("after") ? { token: c.req.query("after")! } : {}) });
      const scan = await scanStatusesFor(deps, view.files);
      const selection = { form: ISSUE_FORM_ID, selected: new Set<string>() };
      return c.html(<FolderItems client={client} view={{ folder, ...view }} selection={selection} manage={deps.services.files !== undefined} {...(scan.byPath ? { scan: scan.byPath } : {})} />);
    })
    .get("/clients/:client", requireUser(), (c) => clientPage(c, deps, reads, c.req.param("client"), {}))
    .post("/clients/:client/links", requireUser(), async (c) => {
      const client = c.req.param("client");
      const { fields, only } = formFields(await c.req.parseBody({ all: true }));
      const refused = (error: string, largeWarning?: string) => clientPage(c, deps, reads, client, { values: fields, selected: only, error, ...(largeWarning ? { largeWarning } : {}) }, HTTP_STATUS["bad-input"]);
      const input = termsFromForm({ ...fields, ...(only.length > 0 ? { only } : {}) }, deps.clock());
      if (!input.ok) return refused(input.error);
      try {
        if (fields.confirmLarge !== "yes" && (input.terms.mode ?? "per-file") === "per-file") {
          // Counted as the listing streams, up to just past the limit.
          const covered = await deps.services.catalog.countCovered(client, parseSelection(only), LARGE_PER_FILE_SELECTION + 1);
          const warning = largeSelectionWarning("per-file", covered);
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
          ...(fields.label?.trim() ? { label: fields.label } : {}),
        });
        // The new link gets the focus on its page (static/copy.js focuses the field its fragment names).
        return c.redirect(`/links/${seg(issued.link.linkId)}/issued?client=${seg(client)}#issued-link`, 303);
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
  const folder = folderParam(c.req.query("folder"));
  if (folder === undefined) return refuse(c, "bad-input", "Invalid folder", "The folder must be a path inside the client's folder, ending with /.");
  const [contents, links, profile, requests] = await Promise.all([
    reads.contents(client),
    reads.activeLinks(client),
    deps.services.profiles.get(client).catch(() => undefined),
    // Read from the link index: only request records, however many links the client has.
    deps.services.requests?.requests.page({ client, limit: CLIENT_REQUESTS }),
  ]);
  const after = c.req.query("after") || undefined;
  const folderView = contents.complete
    ? undefined
    : { folder, ...(await deps.services.catalog.folder(client, folder, { limit: FOLDER_PAGE, ...(after ? { token: after } : {}) })) };
  const scan = await scanStatusesFor(deps, contents.files ?? folderView?.files ?? []);
  // The latest links only: a few activity scans, however many links the client has.
  const latest = await reads.recentLinks(client, RECENT_SCANS);
  const usage = deps.services.activity ? await deps.services.activity.summaries(latest, { maxScans: LIST_SCANS }).catch(() => undefined) : undefined;
  const recent = usage
    ? latest
        .map((record) => ({ record, totals: usage.get(record.linkId) ?? null }))
        .filter((item) => item.totals !== null)
        .sort((a, b) => ((a.totals!.lastDownloadAt ?? a.totals!.asOf) < (b.totals!.lastDownloadAt ?? b.totals!.asOf) ? 1 : -1))
        .slice(0, RECENT_LINKS)
    : undefined;
  return c.html(
    <ClientPage
      client={client}
      {...(profile?.displayName ? { displayName: profile.displayName } : {})}
      contents={contents}
      {...(folderView ? { folderView } : {})}
      activeLinks={links.active}
      {...(recent ? { recentActivity: recent } : {})}
      latestLinks={latest.slice(0, RECENT_LINKS)}
      manageFiles={deps.services.files !== undefined}
      {...(requests ? { requests: requests.requests, moreRequests: requests.next !== undefined } : {})}
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
async function scanStatusesFor(deps: PortalDeps, files: readonly CatalogFile[]): Promise<ScanView> {
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

/** `?folder=`: "" (the client's folder) or a relative path ending with "/"; undefined when it is not one. */
function folderParam(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return "";
  if (!value.endsWith("/") || value.startsWith("/") || value.length > 1024 || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (value.slice(0, -1).split("/").some((s) => s === "" || s === "." || s === "..")) return undefined;
  return value;
}
