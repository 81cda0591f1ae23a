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
import { ClientPage } from "../../views/client-page.js";
import { ClientsPage } from "../../views/clients-page.js";
import { seg } from "../../views/page.js";

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
        .filter((summary) => summary.client.toLowerCase().includes(needle))
        .map((summary) => ({ ...summary, activeLinks: counts.get(summary.client) ?? 0 }));
      return c.html(<ClientsPage clients={rows} query={query} total={summaries.length} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/clients/:client", requireUser(), (c) => clientPage(c, deps, reads, c.req.param("client"), {}))
    .post("/clients/:client/links", requireUser(), async (c) => {
      const client = c.req.param("client");
      const body = await c.req.parseBody();
      const fields = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const input = termsFromForm(fields, deps.clock());
      if (!input.ok) return clientPage(c, deps, reads, client, { values: fields, error: input.error }, 400);
      const user = c.get("user");
      try {
        const record = await reads.publish({ client, issuedBy: user.name, ...input.terms });
        deps.logger.info({ event: "link-issued", client, linkId: record.linkId, by: user.name, expiresAt: record.expiresAt, mode: record.mode });
        return c.redirect(`/links/${seg(record.linkId)}/issued?client=${seg(client)}`, 303);
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        if (known.status === 400) return clientPage(c, deps, reads, client, { values: fields, error: known.message }, 400);
        return refuse(c, known.status, known.title, known.message);
      }
    });
}

/** The client page; with `form`, the issue form shows the refused values and why. */
async function clientPage(c: SignedInContext, deps: PortalDeps, reads: ReadCache, client: string, form: { values?: Record<string, string>; error?: string }, status: ContentfulStatusCode = 200) {
  const now = deps.clock();
  try {
    const [files, records] = await Promise.all([reads.files(client), reads.records()]);
    const links = listLinks(records, now, { client, status: "active" });
    return c.html(
      <ClientPage
        client={client}
        files={files}
        activeLinks={links.length}
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
