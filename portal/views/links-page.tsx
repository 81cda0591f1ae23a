import type { LinkStatus } from "../../lib/links/link-record.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import { LINK_STATUSES } from "../../lib/links/link-record.js";
import type { ListedLink } from "../../lib/ops/links/list.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { StatusBadge } from "./status-badge.js";
import { usageWord } from "./activity-section.js";
import { Pager } from "./pager.js";
import type { PagerLinks } from "../sharing/pager.js";
import { Alert } from "./alert.js";

export interface LinksPageProps extends SignedInProps {
  /** One page of links, newest first. */
  links: ListedLink[];
  filter: { client?: string; status?: LinkStatus; search?: string };
  /** Previous / next page addresses (the filters and search kept). */
  pages: PagerLinks;
  /** set after a revocation, to say what happened */
  notice?: string;
  /** Whether the links' downloads are known (there are access logs to read). */
  usage: boolean;
}

/** A link the Links page lets you tick for "Revoke selected": one the edge still lets through, or will. */
export function revocable(link: { status: LinkStatus }): boolean {
  return link.status === "active" || link.status === "scheduled";
}

/** Every issued link (the audit log), searchable, filterable by client and status, a page at a time, with revoke actions. */
export function LinksPage({ links, filter, notice, usage, pages, ...session }: LinksPageProps) {
  const paged = pages.next !== undefined || pages.previous !== undefined;
  const selectable = links.some(revocable);
  return (
    <Page title="Links" section="links" {...session}>
      <div class="page-head">
        <h1>Links</h1>
        <p class="muted">Every link issued from the portal or the command line, newest first.</p>
      </div>
      {notice ? (
        <Alert tone="success">
          {notice}
        </Alert>
      ) : null}
      <form method="get" action="/links" class="filters" role="search">
        <div class="field">
          <label for="filter-search">Search</label>
          <input id="filter-search" name="q" type="search" value={filter.search ?? ""} placeholder="Label, recipient, client or link id" maxlength={200} autocomplete="off" spellcheck={false} />
        </div>
        <div class="field">
          <label for="filter-client">Client</label>
          <input id="filter-client" name="client" type="text" value={filter.client ?? ""} placeholder="All clients" maxlength={255} autocomplete="off" spellcheck={false} />
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="">Any status</option>
            {LINK_STATUSES.map((status) => (
              <option value={status} selected={filter.status === status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div class="filters__actions">
          <button type="submit" class="button">
            Filter
          </button>
          {filter.client || filter.status || filter.search ? (
            <a class="button button--quiet" href="/links">
              Clear
            </a>
          ) : null}
        </div>
      </form>
      <p class="muted" role="status">
        {links.length} {links.length === 1 ? "link" : "links"}
        {filter.search ? ` matching “${filter.search}”` : ""}
        {paged ? " on this page" : ""}
        {filter.search && links.length === 0 && pages.next ? "; more may match further on: look at the next page" : ""}
      </p>
      {links.length === 0 ? (
        <p class="empty">{filter.search ? "No links match this search on this page." : "No links match."}</p>
      ) : (
        <form method="get" action="/links/revoke-selected" id="bulk-revoke" class="bulk">
        {selectable ? (
          <div class="bulk__actions">
            <button type="submit" class="button button--danger">
              Revoke selected…
            </button>
            <span class="muted small">Tick the links to revoke; you confirm once on the next page.</span>
          </div>
        ) : null}
        <table class="table">
          <caption class="visually-hidden">Issued links</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Select</span>
              </th>
              <th scope="col">Status</th>
              <th scope="col">Label</th>
              <th scope="col">Client</th>
              <th scope="col">Issued by</th>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col" class="num">
                Files
              </th>
              {usage ? <th scope="col">Downloads</th> : null}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <LinkRow link={link} usage={usage} />
            ))}
          </tbody>
        </table>
        </form>
      )}
      <Pager links={pages} newer="Newer links" older="Older links" />
    </Page>
  );
}

function LinkRow({ link, usage }: { link: ListedLink; usage: boolean }) {
  const totals = link.downloads === null ? undefined : { downloads: link.downloads, filesComplete: link.filesComplete ?? 0, pageViews: link.pageViews ?? 0 };
  return (
    <tr id={`link-${link.linkId}`}>
      <td data-label="Select">
        {revocable(link) ? (
          <input type="checkbox" name="link" value={`${link.linkId}/${link.client}`} aria-label={`Select link ${link.linkId}${link.label ? ` (${link.label})` : ""}`} />
        ) : null}
      </td>
      <td data-label="Status">
        <StatusBadge status={link.status} />
      </td>
      <td data-label="Label">
        {link.label ? <span class="link-label">{link.label}</span> : <span class="muted small">{link.linkId}</span>}
        {link.recipients?.length ? <div class="muted small">to {link.recipients.join(", ")}</div> : null}
      </td>
      <th scope="row" data-label="Client">
        <a href={`/clients/${seg(link.client)}`}>{link.client}</a>
      </th>
      <td data-label="Issued by">{link.issuedBy}</td>
      <td data-label="Issued">
        <time datetime={link.issuedAt}>{formatUtc(new Date(link.issuedAt))}</time>
      </td>
      <td data-label="Expires">
        <time datetime={link.expiresAt}>{formatUtc(new Date(link.expiresAt))}</time>
        {link.revoked ? <div class="muted small">revoked {formatUtc(new Date(link.revoked.at))} ({link.revoked.reason})</div> : null}
      </td>
      <td class="num" data-label="Files">
        {link.fileCount} <span class="muted small">({formatBytes(link.bytes)})</span>
        {link.selection ? <div class="muted small">chosen: {link.selection.join(", ")}</div> : null}
      </td>
      {usage ? (
        <td data-label="Downloads" data-usage={link.linkId}>
          <a href={`/links/${seg(link.linkId)}/issued?client=${seg(link.client)}#activity`}>{usageWord(totals, link.fileCount)}</a>
          {link.lastDownloadAt ? (
            <div class="muted small">
              last download <time datetime={link.lastDownloadAt}>{formatUtc(new Date(link.lastDownloadAt))}</time>
            </div>
          ) : null}
        </td>
      ) : null}
      <td data-label="Actions" class="actions">
        {link.status === "active" ? (
          <>
            <a href={`/links/${seg(link.linkId)}/issued?client=${seg(link.client)}`}>
              Show<span class="visually-hidden"> link {link.linkId}</span>
            </a>
            <a href={`/links/${seg(link.linkId)}/revoke?client=${seg(link.client)}`} class="danger-link">
              Revoke<span class="visually-hidden"> link {link.linkId}</span>
            </a>
          </>
        ) : null}
        <a href={`/links/${seg(link.linkId)}/renew?client=${seg(link.client)}`}>
          Issue again<span class="visually-hidden"> link {link.linkId}</span>
        </a>
      </td>
    </tr>
  );
}
