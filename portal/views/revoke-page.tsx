import { CsrfField } from "./csrf-field.js";
import { When } from "./when.js";
import type { ListedLink } from "../sharing/links.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { StatusBadge } from "./status-badge.js";

/** Asks before revoking: what the link is, and what revoking does. */
export function RevokePage({ link, takesEffect, ...session }: SignedInProps & { link: ListedLink; takesEffect?: string }) {
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
            <When at={link.issuedAt} /> by {link.issuedBy}
          </dd>
          <dt>Expires</dt>
          <dd><When at={link.expiresAt} /></dd>
          <dt>Link id</dt>
          <dd>
            <code>{link.linkId}</code>
          </dd>
        </dl>
        {takesEffect ? (
          <p>
            Every address of this link stops working: its page and each file on it, also file links the client already
            copied. The edge refuses them {takesEffect}. The client's other links, and everyone else's, keep working.
          </p>
        ) : (
          <p>
            The client's page is deleted at once. This distribution has no revocation list (SHARE_REVOCATION_STORE_ARN),
            so file links the client already copied keep working until they expire.
          </p>
        )}
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
