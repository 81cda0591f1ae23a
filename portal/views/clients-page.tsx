import type { ClientSummary } from "../../lib/publishing/catalog.js";
import { formatBytes } from "../../lib/format.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import { Page, seg, type SignedInProps } from "./page.js";

export interface ClientRow extends ClientSummary {
  activeLinks: number;
  /** From the client's profile, when it has one. */
  displayName?: string;
}

/** Every client folder with its files, size and active links; a server-side name filter. */
export function ClientsPage({ clients, query, total, ...session }: SignedInProps & { clients: ClientRow[]; query: string; total: number }) {
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
        {query ? `${clients.length} of ${total} clients match “${query}”.` : `${total} ${total === 1 ? "client" : "clients"}.`}
      </p>
      {clients.length === 0 ? (
        <p class="empty">{total === 0 ? "No clients yet: create one with New client." : "No client matches this search."}</p>
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
                  {client.fileCount}
                </td>
                <td class="num" data-label="Size">
                  {formatBytes(client.bytes)}
                </td>
                <td class="num" data-label="Active links">
                  {client.activeLinks > 0 ? <a href={`/links?client=${seg(client.client)}&status=active`}>{client.activeLinks}</a> : "0"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
