import { formatBytes } from "../../lib/format.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import type { ClientRow } from "../../lib/ops/clients/clients-page.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { Pager } from "./pager.js";
import type { PagerLinks } from "../sharing/pager.js";

export type { ClientRow };

/** Client folders a page at a time, with their files, size and active links; a server-side name filter. */
export function ClientsPage({
  clients,
  query,
  archived,
  pages,
  ...session
}: SignedInProps & { clients: ClientRow[]; query: string; archived: boolean; pages: PagerLinks }) {
  const next = pages.next;
  const continued = pages.previous !== undefined;
  return (
    <Page title="Clients" section="clients" {...session}>
      <div class="page-head">
        <h1>Clients</h1>
        <p class="muted">Pick a client to see their files and issue a link.</p>
        <p>
          <a class="button button--primary" href="/new-client">
            New client
          </a>
        </p>
      </div>
      <form method="get" action="/clients" class="search" role="search">
        <label for="client-search">Search clients</label>
        <div class="search__row">
          <input id="client-search" name="q" type="search" value={query} maxlength={255} autocomplete="off" spellcheck={false} />
          <button type="submit" class="button">
            Search
          </button>
          {query ? (
            <a class="button button--quiet" href="/clients">
              Clear
            </a>
          ) : null}
        </div>
      </form>
      <p class="muted" role="status">
        {query
          ? `${clients.length} ${clients.length === 1 ? "client matches" : "clients match"} “${query}”${next ? " on this page" : ""}.`
          : `${clients.length} ${clients.length === 1 ? "client" : "clients"}${next || continued ? " on this page" : ""}.`}
      </p>
      {clients.length === 0 ? (
        <p class="empty">{query ? "No client matches this search." : continued ? "No more clients." : "No clients yet: create one with New client."}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Clients</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col" class="num">
                Files
              </th>
              <th scope="col" class="num">
                Size
              </th>
              <th scope="col" class="num">
                Active links
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr>
                <th scope="row" data-label="Client">
                  <a href={`/clients/${seg(client.client)}`}>{client.displayName ? visibleName(client.displayName) : client.client}</a>
                  {client.displayName ? <span class="muted client-folder"> {client.client}</span> : null}
                </th>
                <td class="num" data-label="Files">
                  {client.countComplete ? client.fileCount : `${client.fileCount.toLocaleString("en-US")}+`}
                </td>
                <td class="num" data-label="Size">
                  {client.countComplete ? formatBytes(client.bytes) : `over ${formatBytes(client.bytes)}`}
                </td>
                <td class="num" data-label="Active links">
                  {client.activeLinks > 0 ? <a href={`/links?client=${seg(client.client)}&status=active`}>{client.activeLinks}</a> : "0"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager links={pages} newer="Previous clients" older="Next clients" />
    </Page>
  );
}
