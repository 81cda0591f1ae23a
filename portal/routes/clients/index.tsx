import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { termsFromForm, toUtcDateTimeValue } from "../../sharing/issue-input.js";
import { clientsPage } from "../../sharing/clients-list.js";
import { FolderItems } from "../../views/folder-list.js";
import { ISSUE_FORM_ID } from "../../views/issue-form.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { LARGE_PER_FILE_SELECTION, largeSelectionWarning, parseSelection } from "../../../lib/publish/selection.js";
import { NotFoundError } from "../../../lib/publish/errors.js";
import { ClientPage } from "../../views/client-page.js";
import { ClientsPage } from "../../views/clients-page.js";
import { seg } from "../../views/page.js";
import { listSummaries } from "../../sharing/activity.js";

/** Links shown under "Recent activity" on a client's page, from its latest RECENT_SCANS links. */
const RECENT_LINKS = 5;
const RECENT_SCANS = 20;
/** Entries of one folder per page of a big client's listing. */
const FOLDER_PAGE = 200;

const MAX_QUERY = 255;

type SignedInContext = Context<AppEnv & SignedInEnv>;

/** The clients list, one client's files with the issue form, and issuing a link from that form. */
export function clientRoutes(deps: PortalDeps, reads: ReadCache) {
  return new Hono<AppEnv>()
    .get("/clients", requireUser(), async (c) => {
      const query = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY);
      const showArchived = c.req.query("archived") === "yes";
      const after = c.req.query("after") || undefined;
      // Archived clients keep their files but leave the list, unless asked for.
      const page = await clientsPage(deps, reads, { search: query, archived: showArchived, ...(after ? { after } : {}) });
      return c.html(<ClientsPage clients={page.rows} query={query} archived={showArchived} {...(page.next ? { next: page.next } : {})} continued={after !== undefined} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/clients/:client/tree", requireUser(), async (c) => {
      // One folder's entries, for the client page's script to open a folder in place.
      const client = c.req.param("client");
      const folder = folderParam(c.req.query("folder"));
      if (folder === undefined) return refuse(c, 400, "Invalid folder", "The folder must be a path inside the client's folder, ending with /.");
      try {
        const view = await deps.publisher.catalog.folder(client, folder, { limit: FOLDER_PAGE, ...(c.req.query("after") ? { token: c.req.query("after")! } : {}) });
        const selection = { form: ISSUE_FORM_ID, selected: new Set<string>() };
        return c.html(<FolderItems client={client} view={{ folder, ...view }} selection={selection} manage={deps.files !== undefined} />);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
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
        if (fields.confirmLarge !== "yes" && (input.terms.mode ?? "per-file") === "per-file") {
          // Counted as the listing streams, up to just past the limit.
          const covered = await deps.publisher.catalog.countCovered(client, parseSelection(only), LARGE_PER_FILE_SELECTION + 1);
          const warning = largeSelectionWarning("per-file", covered);
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
    const folderQuery = c.req.query("folder");
    const folder = folderParam(folderQuery);
    if (folder === undefined) return refuse(c, 400, "Invalid folder", "The folder must be a path inside the client's folder, ending with /.");
    const [contents, links, profile] = await Promise.all([reads.contents(client), reads.activeLinks(client), deps.files?.profiles.get(client).catch(() => undefined)]);
    const after = c.req.query("after") || undefined;
    const folderView = contents.complete
      ? undefined
      : { folder, ...(await deps.publisher.catalog.folder(client, folder, { limit: FOLDER_PAGE, ...(after ? { token: after } : {}) })) };
    // The latest links only: a few activity scans, however many links the client has.
    const latest = await reads.recentLinks(client, RECENT_SCANS);
    const usage = await listSummaries(deps, latest);
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
        manageFiles={deps.files !== undefined}
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
