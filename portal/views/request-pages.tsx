import { formatBytes, formatUtc } from "../../lib/format.js";
import { When } from "./when.js";
import type { FileRequestView, ReceivedFileView } from "../../lib/ops/requests/request-view.js";
import type { RequestStatus, RequestSummary } from "../../lib/requests/file-requests.js";
import { RECEIVED_FOLDER } from "../../lib/requests/layout.js";
import { assets } from "../static/assets.js";
import { CsrfField } from "./csrf-field.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

export interface RequestFormValues {
  expires?: string;
  maxFileSize?: string;
  maxTotal?: string;
  maxFiles?: string;
  note?: string;
  to?: string;
}

function RequestBadge({ status }: { status: RequestStatus }) {
  const badge = status === "open" ? "active" : status === "closed" ? "revoked" : status;
  return <span class={`badge badge--${badge}`}>{status}</span>;
}

/** "Request files": the form that creates a file request for one client. */
export function NewRequestPage(props: SignedInProps & { client: string; values: RequestFormValues; error?: string; maxFileSize: number; canEmail: boolean }) {
  const { client, values, error, maxFileSize, canEmail, ...session } = props;
  return (
    <Page title={`Request files from ${client}`} section="clients" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <a href={`/clients/${seg(client)}`}>{client}</a> <span aria-hidden="true">/</span>{" "}
        <span aria-current="page">Request files</span>
      </nav>
      <section class="card card--narrow" aria-labelledby="request-title">
        <h1 id="request-title">Request files from {client}</h1>
        <p class="muted">
          The client gets one link to a page where they send files and folders. What they send lands under <code>{RECEIVED_FOLDER}/</code> in their folder and is shared with nobody
          until you issue a link that names it.
        </p>
        <form method="post" action={`/clients/${seg(client)}/requests`} class="form" aria-describedby={error ? "request-error" : undefined}>
          <CsrfField token={session.csrfToken} />
          {error ? (
            <Alert tone="error" id="request-error">
              {error}
            </Alert>
          ) : null}
          <label for="request-expires">Takes files until</label>
          <input id="request-expires" name="expires" value={values.expires ?? "7d"} required aria-describedby="request-expires-hint" />
          <p class="hint" id="request-expires-hint">
            A duration like 7d or 12h, or a date like 2030-01-31 (UTC).
          </p>
          <label for="request-max-file-size">Largest file (optional)</label>
          <input id="request-max-file-size" name="maxFileSize" value={values.maxFileSize ?? ""} placeholder={formatBytes(maxFileSize)} aria-describedby="request-size-hint" />
          <p class="hint" id="request-size-hint">
            Sizes like 500MB or 2GB; at most {formatBytes(maxFileSize)}.
          </p>
          <label for="request-max-total">Total size (optional)</label>
          <input id="request-max-total" name="maxTotal" value={values.maxTotal ?? ""} />
          <label for="request-max-files">Number of files (optional)</label>
          <input id="request-max-files" name="maxFiles" inputmode="numeric" value={values.maxFiles ?? ""} />
          <label for="request-note">Note on the upload page (optional)</label>
          <textarea id="request-note" name="note" rows={4} maxlength={2000}>
            {values.note ?? ""}
          </textarea>
          {canEmail ? (
            <>
              <label for="request-to">Send the link by e-mail to (optional)</label>
              <input id="request-to" name="to" type="text" value={values.to ?? ""} autocomplete="off" aria-describedby="request-to-hint" />
              <p class="hint" id="request-to-hint">
                Addresses separated by commas; leave empty to copy the link yourself.
              </p>
            </>
          ) : null}
          <div class="form-actions">
            <button type="submit" class="button">
              Create the request
            </button>
            <a class="button button--quiet" href={`/clients/${seg(client)}`}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </Page>
  );
}

function ReceivedTable({ request, files }: { request: FileRequestView; files: ReceivedFileView[] }) {
  if (files.length === 0) return <p class="empty">Nothing has arrived yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">Arrived (UTC)</th>
            <th scope="col">State</th>
            <th scope="col">SHA-256 (from the client's browser)</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr>
              <td class="wrap">
                {file.state === "accepted" ? (
                  <a href={`/clients/${seg(request.client)}/open?path=${encodeURIComponent(`${RECEIVED_FOLDER}/${request.requestId}/${file.path}`)}`}>{file.path}</a>
                ) : (
                  file.path
                )}
              </td>
              <td>{formatBytes(file.size)}</td>
              <td>
                <time datetime={file.receivedAt}>{formatUtc(new Date(file.receivedAt))}</time>
              </td>
              <td>{file.state === "accepted" ? "in received/" : file.state === "held" ? `held: scan ${file.verdict ?? "failed"}` : "waiting for the scan"}</td>
              <td class="wrap">
                <code>{file.sha256 ?? "—"}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One request: its link, limits, status, what arrived; close and revoke. */
export function RequestPage(props: SignedInProps & { request: FileRequestView; files: ReceivedFileView[]; notice?: string }) {
  const { request, files, notice, ...session } = props;
  const record = { ...request, linkId: request.requestId };
  const { status } = request;
  const terms = request;
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return (
    <Page title={`File request ${record.linkId}`} section="links" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <a href={`/clients/${seg(record.client)}`}>{record.client}</a> <span aria-hidden="true">/</span>{" "}
        <span aria-current="page">File request</span>
      </nav>
      <div class="page-head">
        <h1>
          File request for {record.client} <RequestBadge status={status} />
        </h1>
        <p class="muted">
          Created by {record.issuedBy} on <When at={record.issuedAt} />; takes files until <When at={record.expiresAt} />.
        </p>
      </div>
      {notice ? (
        <Alert tone="success">
          {notice}
        </Alert>
      ) : null}
      <div class="split">
        <section class="card" aria-labelledby="link-title">
          <h2 id="link-title">The link</h2>
          {status === "open" ? (
            <>
              <p>
                <label for="request-url">Send this link to the client:</label>
              </p>
              <textarea id="request-url" class="link-box" readonly rows={4}>
                {record.url}
              </textarea>
              <p>
                <button type="button" class="button" data-copy="request-url">
                  Copy link
                </button>{" "}
                <a class="button button--quiet" href={`/links/${seg(record.linkId)}/issued?client=${seg(record.client)}#send`}>
                  Send by e-mail
                </a>
              </p>
            </>
          ) : (
            <p>This link takes no more files ({status}).</p>
          )}
          <dl class="facts">
            <dt>Largest file</dt>
            <dd>{formatBytes(terms.maxFileSize)}</dd>
            <dt>Total size</dt>
            <dd>{terms.maxTotal !== undefined ? formatBytes(terms.maxTotal) : "no limit"}</dd>
            <dt>Number of files</dt>
            <dd>{terms.maxFiles ?? "no limit"}</dd>
            {terms.note ? (
              <>
                <dt>Note</dt>
                <dd class="wrap">{terms.note}</dd>
              </>
            ) : null}
          </dl>
          {status === "open" ? (
            <div class="form-actions">
              <form method="post" action={`/requests/${seg(record.linkId)}/close`}>
                <CsrfField token={session.csrfToken} />
                <button type="submit" class="button">
                  Close the request
                </button>
              </form>
              <form method="post" action={`/requests/${seg(record.linkId)}/revoke`}>
                <CsrfField token={session.csrfToken} />
                <button type="submit" class="button button--danger">
                  Revoke the link
                </button>
              </form>
            </div>
          ) : null}
          <p class="hint">Closing ends a request that got what it needed; revoking withdraws a link that went astray. Either way the edge refuses the link, and the files that arrived stay.</p>
        </section>
        <section class="card" aria-labelledby="received-title">
          <h2 id="received-title">
            Received: {files.length} {files.length === 1 ? "file" : "files"}, {formatBytes(bytes)}
          </h2>
          <p class="hint">
            In <code>{`${RECEIVED_FOLDER}/${record.linkId}/`}</code> of {record.client}'s folder. Share them by ticking them on the <a href={`/clients/${seg(record.client)}`}>client's page</a>.
          </p>
          <ReceivedTable request={request} files={files} />
        </section>
      </div>
      <script src={assets["copy.js"].href} defer></script>
    </Page>
  );
}

/** The client page's section: this client's newest requests and what each received; `more`: it has others. */
export function ClientRequestsSection({ client, requests, more }: { client: string; requests: RequestSummary[]; more: boolean }) {
  return (
    <section class="card" aria-labelledby="requests-title">
      <h2 id="requests-title">File requests</h2>
      <p>
        <a class="button" href={`/clients/${seg(client)}/requests/new`}>
          Request files
        </a>
      </p>
      {requests.length === 0 ? (
        <p class="empty">No file request yet.</p>
      ) : (
        <ul class="plain-list">
          {requests.map((r) => (
            <li>
              <a href={`/requests/${seg(r.record.linkId)}`}>Request of <When at={r.record.issuedAt} /></a> <RequestBadge status={r.status} />{" "}
              <span class="muted">
                {r.files} {r.files === 1 ? "file" : "files"} received, {formatBytes(r.bytes)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p class="hint">
          The {requests.length} newest are shown. Every request of {client}: <code>signed-share requests ls {client}</code>, or among <a href={`/links?client=${seg(client)}`}>all links of {client}</a>.
        </p>
      ) : null}
    </section>
  );
}
