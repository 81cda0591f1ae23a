import { CsrfField } from "./csrf-field.js";
import { When } from "./when.js";
import { formatBytes } from "../../lib/format.js";
import { DEFAULT_PRESET, EXPIRY_PRESETS } from "../sharing/issue-input.js";
import type { ListedLink } from "../sharing/links.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { StatusBadge } from "./status-badge.js";
import { Alert } from "./alert.js";

const PRESET_LABELS: Record<(typeof EXPIRY_PRESETS)[number], string> = { "1d": "1 day", "7d": "7 days", "30d": "30 days", "90d": "90 days" };

/** What a link covers, in words: "the whole folder" or its chosen folders and files. */
export function SelectionText({ selection }: { selection: string[] | undefined }) {
  if (!selection) return <>the whole folder</>;
  return (
    <ul class="plain-list">
      {selection.map((entry) => (
        <li>
          <code>{entry}</code>
        </li>
      ))}
    </ul>
  );
}

/** "Issue again": the same client and selection with a new expiry; optionally revoke the old link. */
export function RenewPage({ link, error, minDateTime, ...session }: SignedInProps & { link: ListedLink; error?: string; minDateTime: string }) {
  return (
    <Page title="Issue again" section="links" {...session}>
      <section class="card card--narrow" aria-labelledby="renew-title">
        <h1 id="renew-title">Issue this link again</h1>
        {error ? (
          <Alert tone="error" id="renew-error">
            {error}
          </Alert>
        ) : null}
        <dl class="facts">
          <dt>Client</dt>
          <dd>{link.client}</dd>
          <dt>Covers</dt>
          <dd>
            <SelectionText selection={link.selection} />
          </dd>
          <dt>Files</dt>
          <dd>
            {link.fileCount} when issued, {formatBytes(link.bytes)}
          </dd>
          <dt>Mode</dt>
          <dd>{link.mode === "folder" ? "one signature per folder" : "one signature per file"}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={link.status} /> (expires <When at={link.expiresAt} />)
          </dd>
        </dl>
        <p>The new link covers the same folders and files as they are now, with the same mode and IP range, and a new expiry.</p>
        <form method="post" action={`/links/${seg(link.linkId)}/renew`} class="form">
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="client" value={link.client} />
          <fieldset>
            <legend>New link expires after</legend>
            <div class="choices">
              {EXPIRY_PRESETS.map((preset) => (
                <label class="choice">
                  <input type="radio" name="expiry" value={preset} checked={preset === DEFAULT_PRESET} /> {PRESET_LABELS[preset]}
                </label>
              ))}
              <label class="choice">
                <input type="radio" name="expiry" value="custom" /> Custom date
              </label>
            </div>
            <div class="field">
              <label for="expires-at">Custom expiry (UTC)</label>
              <input id="expires-at" name="expiresAt" type="datetime-local" min={minDateTime} />
            </div>
          </fieldset>
          {link.status === "active" ? (
            <label class="choice">
              <input type="checkbox" name="revokeOld" value="yes" /> Revoke the old link once the new one is issued
            </label>
          ) : null}
          <div class="form-actions">
            <button type="submit" class="button button--primary">
              Issue again
            </button>
            <a class="button button--quiet" href={`/links?client=${seg(link.client)}`}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </Page>
  );
}

/** Asks before revoking every active link of one client. */
export function RevokeAllPage({ client, links, total, ...session }: SignedInProps & { client: string; links: ListedLink[]; total: number }) {
  return (
    <Page title={`Revoke all links of ${client}`} section="links" {...session}>
      <section class="card card--narrow" aria-labelledby="revoke-all-title">
        <h1 id="revoke-all-title">Revoke all links of {client}?</h1>
        {links.length === 0 ? (
          <p>{client} has no active link.</p>
        ) : (
          <>
            <p>
              {total} active {total === 1 ? "link" : "links"}, each revoked as if one by one: its page is deleted and its record marked. Other clients' links keep working.
              {total > links.length ? ` The newest ${links.length} are listed.` : ""}
            </p>
            <ul class="plain-list">
              {links.map((link) => (
                <li>
                  <code>{link.linkId}</code> issued <When at={link.issuedAt} /> by {link.issuedBy}, expires <When at={link.expiresAt} />
                </li>
              ))}
            </ul>
            <form method="post" action={`/clients/${seg(client)}/revoke-all`} class="form-actions">
              <CsrfField token={session.csrfToken} />
              <button type="submit" class="button button--danger">
                Revoke {total} {total === 1 ? "link" : "links"}
              </button>
              <a class="button button--quiet" href={`/links?client=${seg(client)}`}>
                Cancel
              </a>
            </form>
          </>
        )}
      </section>
    </Page>
  );
}
