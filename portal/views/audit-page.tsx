import type { AuditEvent } from "../../lib/audit/audit-entry.js";
import { When } from "./when.js";
import { Page, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

export interface AuditQuery {
  user?: string;
  client?: string;
  action?: string;
  since?: string;
  until?: string;
}

function detailText(event: AuditEvent): string {
  return Object.entries(event.details)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("; ");
}

/** /audit: the audit trail, newest first, filtered by user, client, action and time, a page at a time. */
export function AuditPage(props: SignedInProps & { events: AuditEvent[]; query: AuditQuery; next?: string; stoppedEarly?: boolean; error?: string; actions: readonly string[]; paged?: boolean }) {
  const { events, query, next, stoppedEarly, error, actions, paged: _paged, ...session } = props;
  const params = (extra: Record<string, string>) => new URLSearchParams({ ...(Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as Record<string, string>), ...extra }).toString();
  return (
    <Page title="Audit" section="audit" {...session}>
      <div class="page-head">
        <h1>Audit</h1>
        <p class="muted">
          Every change and sign-in, newest first, as written when it happened (never changed afterwards). Export with <code>signed-share audit --csv</code>.
        </p>
      </div>
      <form method="get" action="/audit" class="form form--filters" role="search" aria-label="Filter the audit trail">
        <div class="field">
          <label for="audit-user">User</label>
          <input id="audit-user" name="user" value={query.user ?? ""} maxlength={320} autocomplete="off" />
        </div>
        <div class="field">
          <label for="audit-client">Client</label>
          <input id="audit-client" name="client" value={query.client ?? ""} maxlength={1024} autocomplete="off" />
        </div>
        <div class="field">
          <label for="audit-action">Action</label>
          <input id="audit-action" name="action" value={query.action ?? ""} list="audit-actions" maxlength={100} autocomplete="off" placeholder="link-revoked, user-*" />
          <datalist id="audit-actions">
            {actions.map((action) => (
              <option value={action} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="audit-since">Since</label>
          <input id="audit-since" name="since" value={query.since ?? ""} placeholder="7d or 2026-03-01" maxlength={100} />
        </div>
        <div class="field">
          <label for="audit-until">Until</label>
          <input id="audit-until" name="until" value={query.until ?? ""} placeholder="2026-03-02T12:00Z" maxlength={100} />
        </div>
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      {error ? (
        <Alert tone="error">
          {error}
        </Alert>
      ) : null}
      {events.length === 0 && !error ? <p class="empty">No events match.</p> : null}
      {events.length > 0 ? (
        <table class="table" id="audit-events">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Client</th>
              <th scope="col">Outcome</th>
              <th scope="col">From</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr data-event={event.event}>
                <td data-label="When"><When at={event.at} /></td>
                <td data-label="Who">
                  {event.actor.name} <span class="muted">({event.actor.via})</span>
                </td>
                <td data-label="Action">{event.event}</td>
                <td data-label="Client">{event.client ?? (Array.isArray(event.details.clients) ? (event.details.clients as string[]).join(", ") : "")}</td>
                <td data-label="Outcome">{event.outcome}</td>
                <td data-label="From">{event.from ?? ""}</td>
                <td data-label="Details" class="audit-details">
                  {detailText(event)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav class="pager" aria-label="Pages">
        {props.paged ? (
          <a class="button button--quiet" href={`/audit?${params({})}`}>
            Newest
          </a>
        ) : null}
        {next ? (
          <a class="button" rel="next" href={`/audit?${params({ cursor: next })}`}>
            {stoppedEarly ? "Search older events" : "Older"}
          </a>
        ) : null}
      </nav>
    </Page>
  );
}
