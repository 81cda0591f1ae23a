import { CsrfField } from "./csrf-field.js";
import { formatUtc } from "../../lib/publish/format.js";
import type { ListedLink } from "../sharing/links.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { StatusBadge } from "./status-badge.js";

/** Asks before revoking: what the link is, and what revoking does. */
export function RevokePage({ link, ...session }: SignedInProps & { link: ListedLink }) {
  return (
    <Page title="Revoke link" section="links" {...session}>
      <section class="card card--narrow" aria-labelledby="revoke-title">
        <h1 id="revoke-title">Revoke this link?</h1>
        <dl class="facts">
          <dt>Client</dt>
          <dd>{link.client}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={link.status} />
          </dd>
          <dt>Issued</dt>
          <dd>
            {formatUtc(new Date(link.issuedAt))} by {link.issuedBy}
          </dd>
          <dt>Expires</dt>
          <dd>{formatUtc(new Date(link.expiresAt))}</dd>
          <dt>Link id</dt>
          <dd>
            <code>{link.linkId}</code>
          </dd>
        </dl>
        <p>
          The client's page is deleted at once, so the link stops working. Links to single files that the client already
          copied from the page keep working until they expire; to stop those too, rotate the signing key.
        </p>
        <form method="post" action={`/links/${seg(link.linkId)}/revoke`} class="form-actions">
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="client" value={link.client} />
          <button type="submit" class="button button--danger">
            Revoke link
          </button>
          <a class="button button--quiet" href={`/links?client=${seg(link.client)}`}>
            Cancel
          </a>
        </form>
      </section>
    </Page>
  );
}
