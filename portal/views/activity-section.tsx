import type { LinkActivity } from "../../lib/activity/link-activity-source.js";
import { When } from "./when.js";
import type { ActivityEvent } from "../../lib/activity/link-events.js";
import type { ActivityTotals } from "../../lib/activity/summarize.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { Alert } from "./alert.js";

/** What the link's page shows under "Activity": the activity, why there is none, or why it could not be read. */
export type ActivityView = { activity: LinkActivity } | { off: string } | { failed: string };

const MAX_ROWS = 200;
const MAX_FILES = 50;

/** "not opened" / "opened" / "downloaded N of M", as the links list shows a link's use. */
/** A link's use in short: what list pages show of its activity. */
export interface Usage {
  downloads: number;
  /** Files downloaded completely at least once. */
  filesComplete: number;
  pageViews: number;
}

/** The short form of a stored summary. */
export function usageOf(totals: ActivityTotals | null | undefined): Usage | undefined {
  return totals ? { downloads: totals.downloads, filesComplete: totals.filesComplete.length, pageViews: totals.pageViews } : undefined;
}

export function usageWord(totals: Usage | null | undefined, fileCount: number): string {
  if (!totals) return "not opened";
  if (totals.filesComplete > 0) return `downloaded ${totals.filesComplete} of ${fileCount}`;
  if (totals.downloads > 0) return `downloading (${totals.downloads} ${totals.downloads === 1 ? "request" : "requests"})`;
  return totals.pageViews > 0 ? "opened" : "not opened";
}

const when = (at: string) => <time datetime={at}>{formatUtc(new Date(at))}</time>;

function describe(event: ActivityEvent): string {
  const what = event.kind === "page" ? "the link's page" : (event.file ?? "");
  switch (event.outcome) {
    case "complete":
      return event.kind === "page" ? "Opened the link's page" : `Downloaded ${what}`;
    case "partial":
      return `Downloaded bytes ${event.range?.start}-${event.range?.end} of ${what}`;
    case "aborted":
      return `Started ${what}, stopped before the end`;
    case "denied":
      return `Refused ${what}: ${event.reason ?? "denied"}`;
    case "not-found":
      return `Asked for ${what}, which is no longer there`;
    case "not-modified":
      return `Checked ${what} (unchanged)`;
    case "checked":
      return `Checked ${what} (HEAD)`;
    default:
      return `Failed to serve ${what} (${event.status})`;
  }
}

/** Milestones, oldest first: issued, first opened, first download, each file completed, denials, expiry. */
function timeline(record: LinkRecord, activity: LinkActivity): { at: string; text: string; tone?: "bad" | "good" }[] {
  const items: { at: string; text: string; tone?: "bad" | "good" }[] = [{ at: record.issuedAt, text: `Issued by ${record.issuedBy}` }];
  const firstPage = activity.events.find((e) => e.kind === "page" && e.outcome === "complete");
  if (firstPage) items.push({ at: firstPage.at, text: "First opened" });
  if (activity.totals.firstDownloadAt) items.push({ at: activity.totals.firstDownloadAt, text: "First download" });
  for (const file of activity.files) if (file.completedAt) items.push({ at: file.completedAt, text: `${file.file} downloaded completely`, tone: "good" });
  const denied = activity.events.filter((e) => e.outcome === "denied");
  if (denied.length > 0) items.push({ at: denied[0]!.at, text: `${denied.length} ${denied.length === 1 ? "request" : "requests"} refused (first shown)`, tone: "bad" });
  if (record.revoked) items.push({ at: record.revoked.at, text: `Revoked (${record.revoked.reason})`, tone: "bad" });
  if (Date.parse(record.expiresAt) <= Date.parse(activity.asOf)) items.push({ at: record.expiresAt, text: "Expired" });
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The link's use: as-of sentence, totals, a timeline, complete and pending files, every request (newest first). */
export function ActivitySection({ record, view }: { record: LinkRecord; view: ActivityView }) {
  return (
    <section class="card activity" aria-labelledby="activity-title" id="activity">
      <h2 id="activity-title">Activity</h2>
      {"off" in view ? (
        <p class="muted">{view.off}</p>
      ) : "failed" in view ? (
        <Alert tone="error">
          The access log could not be read: {view.failed}
        </Alert>
      ) : (
        <ActivityBody record={record} activity={view.activity} />
      )}
    </section>
  );
}

function ActivityBody({ record, activity }: { record: LinkRecord; activity: LinkActivity }) {
  const t = activity.totals;
  const rows = [...activity.events].reverse().slice(0, MAX_ROWS);
  return (
    <>
      <p class="muted activity__as-of" data-as-of={activity.asOf}>
        {activity.completeness}
      </p>
      <p class="activity__totals">
        <strong>{usageWord(t.pageViews + t.downloads + t.denied === 0 ? null : usageOf(t), record.fileCount)}</strong> · {t.pageViews} page{" "}
        {t.pageViews === 1 ? "view" : "views"} · {t.downloads} {t.downloads === 1 ? "download" : "downloads"} · {t.filesComplete.length} of {t.filesTotal}{" "}
        {t.filesTotal === 1 ? "file" : "files"} complete · {t.denied} refused
        {t.lastDownloadAt ? <> · last download {when(t.lastDownloadAt)}</> : null}
      </p>
      {activity.unreadable.length > 0 ? (
        <Alert tone="warning">
          {activity.unreadable.length} log {activity.unreadable.length === 1 ? "file" : "files"} could not be read to the end; what they held before the damage is shown.
        </Alert>
      ) : null}
      <h3>Timeline</h3>
      <ol class="timeline">
        {timeline(record, activity).map((item) => (
          <li class={item.tone ? `timeline__item timeline__item--${item.tone}` : "timeline__item"}>
            {when(item.at)} <span>{item.text}</span>
          </li>
        ))}
      </ol>
      <div class="split">
        <div>
          <h3>Downloaded completely</h3>
          {t.filesComplete.length === 0 ? (
            <p class="empty">No file yet.</p>
          ) : (
            <ul class="activity__files" data-files="complete">
              {activity.files
                .filter((f) => f.complete)
                .slice(0, MAX_FILES)
                .map((f) => (
                  <li>
                    {f.file} <span class="muted small">({f.completedAt ? <When at={f.completedAt} /> : ""})</span>
                  </li>
                ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Not yet</h3>
          {activity.filesPending.length === 0 ? (
            <p class="empty">Nothing left.</p>
          ) : (
            <ul class="activity__files" data-files="pending">
              {activity.filesPending.slice(0, MAX_FILES).map((file) => (
                <li>{file}</li>
              ))}
              {activity.filesPending.length > MAX_FILES ? <li class="muted">and {activity.filesPending.length - MAX_FILES} more</li> : null}
            </ul>
          )}
        </div>
      </div>
      <h3>Requests, newest first</h3>
      {rows.length === 0 ? (
        <p class="empty">No request of this link seen yet.</p>
      ) : (
        <table class="table activity__requests">
          <caption class="visually-hidden">Requests of this link</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">What</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Sent
              </th>
              <th scope="col">Viewer</th>
              <th scope="col">User agent</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => (
              <tr data-outcome={event.outcome}>
                <td data-label="Time">
                  <time datetime={event.at}>{event.at.slice(0, 19).replace("T", " ")}</time>
                </td>
                <td data-label="What">{describe(event)}</td>
                <td data-label="Status">
                  {event.status} {event.outcome}
                </td>
                <td class="num" data-label="Sent">
                  {event.bytesSent === null ? "" : formatBytes(event.bytesSent)}
                </td>
                <td data-label="Viewer">{event.viewer ?? "—"}</td>
                <td data-label="User agent" class="small">
                  {event.userAgent ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {activity.events.length + activity.eventsOmitted > rows.length ? (
        <p class="muted small">The {activity.events.length + activity.eventsOmitted - rows.length} oldest requests are not listed; the counts include them.</p>
      ) : null}
    </>
  );
}
