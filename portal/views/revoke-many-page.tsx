import { formatUtc } from "../../lib/format.js";
import type { LinkView } from "../../lib/ops/links/link-view.js";
import type { ResultOf } from "../../lib/ops/operation.js";
import type { revokeManyLinks } from "../../lib/ops/links/revoke-many.js";
import { CsrfField } from "./csrf-field.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { StatusBadge } from "./status-badge.js";
import { Alert } from "./alert.js";

export type RevokeManyResult = ResultOf<typeof revokeManyLinks>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The one confirmation of "Revoke selected": the ticked links, and what revoking them does. */
export function RevokeManyPage({ links, missing, takesEffect, ...session }: SignedInProps & { links: LinkView[]; missing: number; takesEffect?: string }) {
  return (
    <Page title="Revoke links" section="links" {...session}>
      <section class="card" aria-labelledby="revoke-many-title">
        <h1 id="revoke-many-title">Revoke {plural(links.length, "link")}?</h1>
        {missing > 0 ? (
          <Alert tone="error">
            {plural(missing, "ticked link")} could not be found and will be left out.
          </Alert>
        ) : null}
        <table class="table">
          <caption class="visually-hidden">Links to revoke</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Client</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">Link id</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr>
                <td data-label="Label">{link.label ?? <span class="muted">none</span>}</td>
                <th scope="row" data-label="Client">
                  {link.client}
                </th>
                <td data-label="Status">
                  <StatusBadge status={link.status} />
                </td>
                <td data-label="Expires">{formatUtc(new Date(link.expiresAt))}</td>
                <td data-label="Link id">
                  <code>{link.linkId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {takesEffect ? (
          <p>Every address of these links stops working: their pages and each file on them, also file links already copied. The edge refuses them {takesEffect}. Other links keep working.</p>
        ) : (
          <p>Their pages are deleted at once. This distribution has no revocation list (SHARE_REVOCATION_STORE_ARN), so file links already copied keep working until they expire.</p>
        )}
        {links.length > 0 ? (
          <form method="post" action="/links/revoke-selected" class="form-actions">
            <CsrfField token={session.csrfToken} />
            {links.map((link) => (
              <input type="hidden" name="link" value={`${link.linkId}/${link.client}`} />
            ))}
            <button type="submit" class="button button--danger">
              Revoke {plural(links.length, "link")}
            </button>
            <a class="button button--quiet" href="/links">
              Cancel
            </a>
          </form>
        ) : (
          <p>
            <a href="/links">Back to the links</a>
          </p>
        )}
      </section>
    </Page>
  );
}

/** What "Revoke selected" did, link by link. */
export function RevokedManyPage({ result, takesEffect, ...session }: SignedInProps & { result: RevokeManyResult; takesEffect: string | undefined }) {
  const failed = result.results.filter((r) => r.outcome === "failed");
  return (
    <Page title="Links revoked" section="links" {...session}>
      <section class="card" aria-labelledby="revoked-many-title">
        <h1 id="revoked-many-title">{failed.length === 0 ? `${plural(result.revoked, "link")} revoked` : `${result.revoked} revoked, ${failed.length} failed`}</h1>
        <p class={failed.length === 0 ? "alert alert--success" : "alert alert--error"} role="status">
          {failed.length === 0
            ? takesEffect
              ? `The edge refuses every address of these links ${takesEffect}.`
              : "Their pages are deleted; file links already copied work until they expire (no revocation list)."
            : "The links that failed still work: try them again."}
        </p>
        <ul class="outcomes">
          {result.results.map((r) => (
            <li data-outcome={r.outcome}>
              <code>{r.linkId}</code>
              {r.client ? (
                <>
                  {" "}
                  (<a href={`/links?client=${seg(r.client)}`}>{r.client}</a>)
                </>
              ) : null}
              : {r.outcome === "revoked" ? "revoked" : r.outcome === "already-revoked" ? "was already revoked" : `failed: ${r.error?.message ?? "unknown error"}`}
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/links">
            Back to the links
          </a>
        </p>
      </section>
    </Page>
  );
}
