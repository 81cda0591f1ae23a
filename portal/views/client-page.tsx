import type { ClientContents } from "../../lib/publishing/catalog.js";
import { FolderItems, type FolderView } from "./folder-list.js";
import { When } from "./when.js";
import { buildTree } from "../../lib/pages/file-tree.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import { summarizeSelection } from "../../lib/publishing/selection.js";
import { assets } from "../static/assets.js";
import { FileTree } from "./file-tree.js";
import { ISSUE_FORM_ID, IssueFormView, type IssueFormProps } from "./issue-form.js";
import { Page, seg, type SignedInProps } from "./page.js";
import type { LinkRecord, LinkStatus } from "../../lib/links/link-record.js";
import { LatestLinks } from "./latest-links.js";
import type { ActivityTotals } from "../../lib/activity/summarize.js";
import { usageOf, usageWord } from "./activity-section.js";
import type { RequestSummary } from "../../lib/requests/file-requests.js";
import { ClientRequestsSection } from "./request-pages.js";
import { ScanNotice, type ScanView } from "./scan-badge.js";

/** One client: its files, with boxes to choose what the link covers, then the issue form (tab order follows: tick, then issue). */
export function ClientPage(
  props: SignedInProps & {
    client: string;
    displayName?: string;
    /** The client's files up to the full-tree limit: with `files` the whole tree is shown. */
    contents: ClientContents;
    /** A client too big for the whole tree: one folder at a time. */
    folderView?: FolderView;
    activeLinks: number;
    form: Omit<IssueFormProps, "client" | "csrfToken" | "selection"> & { selected?: string[] };
    manageFiles?: boolean;
    recentActivity?: { record: LinkRecord; totals: ActivityTotals | null }[];
    /** The newest few links, with their labels. */
    latestLinks?: (LinkRecord & { status: LinkStatus })[];
    /** The client's newest file requests, when the portal offers them. */
    requests?: RequestSummary[];
    /** The client has more requests than `requests` shows. */
    moreRequests?: boolean;
    scan?: ScanView;
  },
) {
  const { client, displayName, contents, folderView, activeLinks, form, manageFiles, recentActivity, latestLinks, requests, moreRequests, scan, ...session } = props;
  // The profile's display name leads; the folder name stays visible, since links and tools use it.
  const shown = displayName ? visibleName(displayName) : client;
  const { selected = [], ...formProps } = form;
  const files = contents.files ?? [];
  const bytes = contents.bytes;
  const fileCount = contents.fileCount;
  const chosen = summarizeSelection(files, selected);
  const countText = contents.complete ? `${fileCount} ${fileCount === 1 ? "file" : "files"}, ${formatBytes(bytes)}` : `more than ${fileCount.toLocaleString("en-US")} files`;
  const selection = { form: ISSUE_FORM_ID, selected: new Set(selected) };
  return (
    <Page title={shown} section="clients" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <span aria-current="page">{shown}</span>
      </nav>
      <div class="page-head">
        <h1>{shown}</h1>
        {displayName ? (
          <p class="muted client-folder">
            Folder: <code>{client}</code>
          </p>
        ) : null}
        <p class="muted">
          {countText} ·{" "}
          <a href={`/links?client=${seg(client)}`}>
            {activeLinks} active {activeLinks === 1 ? "link" : "links"}
          </a>
          {activeLinks > 0 ? (
            <>
              {" · "}
              <a href={`/clients/${seg(client)}/revoke-all`} class="danger-link">
                Revoke all links
              </a>
            </>
          ) : null}
        </p>
      </div>
      <div class="split">
        <section class="card" aria-labelledby="files-title">
          <h2 id="files-title">Files</h2>
          {manageFiles ? (
          <p>
            <a class="button" href={`/clients/${seg(client)}/upload`}>
              Upload files
            </a>{" "}
            <a class="button button--quiet" href={`/clients/${seg(client)}/profile`}>
              Profile
            </a>
          </p>
          ) : null}
          {scan ? <ScanNotice scan={scan} /> : null}
          {fileCount === 0 ? (
            <p class="empty">This folder holds no files to share yet.</p>
          ) : folderView ? (
            <>
              <p class="hint" id="files-hint">
                This client has more than {fileCount.toLocaleString("en-US")} files: one folder is shown at a time, the others open on demand. Tick folders or files to share only those; with nothing ticked the link covers the whole folder, except received/ (what clients sent you), which is shared only when ticked.
              </p>
              <FolderPath client={client} folder={folderView.folder} />
              <ul class="tree" data-lazy-tree="">
                <FolderItems client={client} view={folderView} selection={selection} manage={manageFiles ?? false} {...(scan?.byPath ? { scan: scan.byPath } : {})} />
              </ul>
            </>
          ) : (
            <>
              <p class="hint" id="files-hint">
                Tick folders or files to share only those; with nothing ticked the link covers the whole folder, except received/ (what clients sent you), which is shared only when ticked.
              </p>
              <FileTree tree={buildTree(files)} selection={selection} {...(manageFiles ? { client } : {})} {...(scan?.byPath ? { scan: scan.byPath } : {})} />
            </>
          )}
        </section>
        <section class="card" aria-labelledby="issue-title">
          <h2 id="issue-title">Issue a link</h2>
          <IssueFormView client={client} csrfToken={session.csrfToken} selection={{ ...chosen, entries: selected.length, totalFiles: fileCount, totalBytes: bytes, totalComplete: contents.complete }} {...formProps} />
        </section>
      </div>
      {latestLinks ? <LatestLinks client={client} links={latestLinks} /> : null}
      {requests ? <ClientRequestsSection client={client} requests={requests} more={moreRequests === true} /> : null}
      {recentActivity ? (
        <section class="card activity" aria-labelledby="recent-activity-title">
          <h2 id="recent-activity-title">Recent activity</h2>
          {recentActivity.length === 0 ? (
            <p class="empty">No link of {shown} has been opened yet.</p>
          ) : (
            <ul class="activity__recent">
              {recentActivity.map(({ record, totals }) => (
                <li>
                  <a href={`/links/${seg(record.linkId)}/issued?client=${seg(client)}#activity`}>{record.label ?? <>Link of <When at={record.issuedAt} /></>}</a>:{" "}
                  {usageWord(usageOf(totals), record.fileCount)}
                  {totals?.lastDownloadAt ? (
                    <span class="muted">
                      {" "}
                      · last download <time datetime={totals.lastDownloadAt}>{formatUtc(new Date(totals.lastDownloadAt))}</time>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <script src={assets["selection.js"].href} defer></script>
    </Page>
  );
}

/** Where the folder listing stands: the client's folder, then each folder down to this one. */
function FolderPath({ client, folder }: { client: string; folder: string }) {
  if (folder === "") return null;
  const parts = folder.slice(0, -1).split("/");
  return (
    <p class="tree__path">
      <a href={`/clients/${seg(client)}`}>All files</a>
      {parts.map((part, i) => {
        const path = `${parts.slice(0, i + 1).join("/")}/`;
        return (
          <>
            {" / "}
            {i === parts.length - 1 ? <span aria-current="location">{visibleName(part)}</span> : <a href={`/clients/${seg(client)}?folder=${encodeURIComponent(path)}`}>{visibleName(part)}</a>}
          </>
        );
      })}
    </p>
  );
}
