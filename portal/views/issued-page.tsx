import { formatBytes, formatUtc } from "../../lib/format.js";
import { When } from "./when.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import { assets } from "../static/assets.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { QrCode } from "./qr-code.js";
import { SelectionText } from "./link-actions-pages.js";
import { ActivitySection, type ActivityView } from "./activity-section.js";
import { SendLinkCard, type SendFormState } from "./send-link-card.js";
import { LinkLabelCard } from "./link-label-card.js";
import { Alert } from "./alert.js";

/** The ready-to-paste message for the client, or why there is none (no sender name to sign it with). */
export type ClientMessage = { text: string } | { missing: string };

/** After issuing: the one link to send, ready to copy, as a QR code and inside a message. */
export function IssuedPage(
  props: SignedInProps & { record: LinkRecord; clientName: string; qrSvg: string; clientMessage: ClientMessage; revoked: boolean; activity: ActivityView; send?: SendFormState; expired?: boolean },
) {
  const { record, clientName, qrSvg, clientMessage, revoked, activity, send, expired, ...session } = props;
  // A revoked or expired link's URL, QR code and message would only hand a client a dead link.
  const dead = revoked || Boolean(expired);
  return (
    <Page title={`Link for ${clientName}`} section="clients" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <a href={`/clients/${seg(record.client)}`}>{clientName}</a>{" "}
        <span aria-hidden="true">/</span> <span aria-current="page">Link</span>
      </nav>
      <div class="page-head">
        <h1>Link for {clientName}</h1>
        {record.label ? <p class="link-label lead">{record.label}</p> : null}
        {revoked ? (
          <Alert tone="error">
            This link has been revoked: it no longer works.
          </Alert>
        ) : expired ? (
          <Alert tone="error">
            This link expired on <strong><When at={record.expiresAt} /></strong>: it no longer works. Issue a new one for the client.
          </Alert>
        ) : (
          <Alert tone="success">
            Link issued. It works until <strong><When at={record.expiresAt} /></strong>.
          </Alert>
        )}
        {record.skipped ? (
          <Alert tone="warning">
            {record.skipped.count} {record.skipped.count === 1 ? "file was" : "files were"} left off the page because{" "}
            {record.skipped.count === 1 ? "it cannot" : "they cannot"} be shared as {record.skipped.count === 1 ? "it is" : "they are"}: {record.skipped.examples.map(({ key, reason }) => `${visibleName(key)} (${reason})`).join(", ")}
            {record.skipped.count > record.skipped.examples.length ? ", ..." : ""}. Rename them and issue again.
          </Alert>
        ) : null}
        {record.held ? (
          <Alert tone="warning">
            {record.held.count} {record.held.count === 1 ? "file was" : "files were"} left off the page because the malware scan does not say clean:{" "}
            {record.held.examples.map(({ key, reason }) => `${visibleName(key)} (${reason})`).join(", ")}
            {record.held.count > record.held.examples.length ? ", ..." : ""}. Issue again once they are scanned clean.
          </Alert>
        ) : null}
      </div>
      <div class="split">
        <section class="card" aria-labelledby="link-title">
          <h2 id="link-title">{dead ? "The link" : "The link to send"}</h2>
          {dead ? null : (
          <div class="field">
            <label for="issued-link">Link ({record.fileCount} {record.fileCount === 1 ? "file" : "files"}, {formatBytes(record.bytes)})</label>
            <div class="copy-row">
              <input id="issued-link" type="text" readonly value={record.url} class="mono" spellcheck={false} autocomplete="off" />
              <button type="button" class="button" data-copy="issued-link" hidden>
                Copy link
              </button>
            </div>
          </div>
          )}
          <dl class="facts">
            <dt>Expires</dt>
            <dd>
              <time datetime={record.expiresAt}>{formatUtc(new Date(record.expiresAt))}</time>
            </dd>
            {record.notBefore ? (
              <>
                <dt>Works from</dt>
                <dd>
                  <time datetime={record.notBefore}>{formatUtc(new Date(record.notBefore))}</time>
                </dd>
              </>
            ) : null}
            <dt>Covers</dt>
            <dd>
              <SelectionText selection={record.selection} /> ({record.fileCount} {record.fileCount === 1 ? "file" : "files"}, {formatBytes(record.bytes)})
            </dd>
            <dt>Mode</dt>
            <dd>{record.mode === "folder" ? "one signature per folder" : "per file"}</dd>
            {record.ipRange ? (
              <>
                <dt>IP range</dt>
                <dd>
                  <code>{record.ipRange}</code>
                </dd>
              </>
            ) : null}
            <dt>Link id</dt>
            <dd>
              <code>{record.linkId}</code>
            </dd>
          </dl>
          {dead ? null : "text" in clientMessage ? (
            <div class="field">
              <label for="client-message">Message for the client</label>
              <textarea id="client-message" readonly rows={11} spellcheck={false}>
                {clientMessage.text}
              </textarea>
              <div>
                <button type="button" class="button" data-copy="client-message" hidden>
                  Copy message
                </button>
              </div>
            </div>
          ) : (
            <p class="hint">{clientMessage.missing}</p>
          )}
          <p class="copy-status muted" role="status" aria-live="polite" id="copy-status"></p>
          <p>
            <a href={`/links?client=${seg(record.client)}`}>All links for {clientName}</a>
            {revoked ? null : (
              <>
                {" · "}
                <a href={`/links/${seg(record.linkId)}/revoke?client=${seg(record.client)}`}>Revoke this link</a>
              </>
            )}
          </p>
        </section>
        {dead ? null : (
          <section class="card qr-card" aria-labelledby="qr-title">
            <h2 id="qr-title">QR code</h2>
            <QrCode svg={qrSvg} label={`QR code of the link for ${clientName}`} />
            <p class="hint">For a phone: scan it to open the client's page.</p>
          </section>
        )}
      </div>
      <LinkLabelCard record={record} csrfToken={session.csrfToken} />
      {send && !dead ? <SendLinkCard record={record} state={send} csrfToken={session.csrfToken} open /> : null}
      <ActivitySection record={record} view={activity} />
      <script src={assets["copy.js"].href} defer></script>
    </Page>
  );
}
