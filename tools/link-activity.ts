import type { LinkActivity, LogActivitySource } from "../lib/activity/link-activity-source.js";
import type { ActivityTotals } from "../lib/activity/summarize.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import { isLinkId } from "../lib/publish/layout.js";
import type { LinkRecord } from "../lib/publish/link-record.js";
import type { LinkRecords } from "../lib/publish/link-records.js";
import { notFound, UsageError } from "./cli.js";
import { printTable } from "./table.js";

/** Why there is no activity source: AWS mode without the log bucket. */
export const NO_ACTIVITY_LOGS =
  "download activity needs CloudFront's access logs: deploy with `pulumi config set signed-share:activityLogs true`, then set SHARE_ACTIVITY_LOG_BUCKET (the stack output activityLogBucketName; see docs/activity.md)";

/** `links activity LINK_ID`: the link's requests, oldest first, and its files. */
export async function showActivity(source: LogActivitySource | undefined, records: LinkRecords, linkId: string | undefined, json: boolean): Promise<number> {
  if (linkId === undefined) throw new UsageError("activity needs a LINK_ID; see the issued links with: signed-share links list");
  if (!isLinkId(linkId)) throw new UsageError(`"${linkId}" is not a link id (22 characters of A-Z a-z 0-9 - _); see the issued links with: signed-share links list`);
  if (!source) throw new UsageError(NO_ACTIVITY_LOGS);
  const record = await records.find(linkId);
  if (!record) return notFound(`there is no link ${linkId}; see the issued links with: signed-share links list`);
  const activity = await source.activity(record);
  if (json) {
    process.stdout.write(`${JSON.stringify(activity)}\n`);
    return 0;
  }
  printActivity(record, activity);
  return 0;
}

function printActivity(record: LinkRecord, activity: LinkActivity): void {
  const t = activity.totals;
  process.stdout.write(
    `link ${record.linkId} for ${record.client}: ${t.pageViews} page ${t.pageViews === 1 ? "view" : "views"}, ${t.downloads} ${t.downloads === 1 ? "download" : "downloads"}, ` +
      `${t.filesComplete.length} of ${t.filesTotal} ${t.filesTotal === 1 ? "file" : "files"} downloaded completely, ${t.denied} denied\n${activity.completeness}\n`,
  );
  for (const problem of activity.unreadable) process.stderr.write(`warning: a log file could not be read to the end: ${problem}\n`);
  if (activity.events.length === 0) {
    process.stdout.write("no requests of this link seen yet\n");
    return;
  }
  if (activity.eventsOmitted > 0) process.stdout.write(`(the ${activity.eventsOmitted} oldest requests are left out below; the counts include them)\n`);
  printTable(
    "Requests, oldest first",
    activity.events.map((e) => ({
      time: e.at.slice(0, 19).replace("T", " "),
      what: e.kind === "page" ? "(page)" : (e.file ?? ""),
      status: e.status,
      outcome: e.reason ? `${e.outcome}: ${e.reason}` : e.outcome,
      range: e.range ? `${e.range.start}-${e.range.end}` : "",
      sent: e.bytesSent === null ? "" : formatBytes(e.bytesSent),
      viewer: e.viewer ?? "",
      "user agent": e.userAgent ? (e.userAgent.length > 40 ? `${e.userAgent.slice(0, 39)}…` : e.userAgent) : "",
    })),
  );
  if (activity.files.length > 0) {
    printTable(
      "Files",
      activity.files.map((f) => ({
        file: f.file,
        size: f.size === null ? "gone" : formatBytes(f.size),
        downloads: f.downloads,
        complete: f.completedAt ? `yes, ${formatUtc(new Date(f.completedAt))}` : "not yet",
      })),
    );
  }
}

/** Log reads one `links list` may start; the other links show their stored summary (as the portal's lists do). */
const LIST_SCANS = 20;

/** The downloads and last download of each link, for `links list` (null without an activity source). */
export async function listSummaries(source: LogActivitySource | undefined, records: LinkRecord[]): Promise<Map<string, ActivityTotals | null> | undefined> {
  return source ? source.summaries(records, { maxScans: LIST_SCANS }) : undefined;
}
