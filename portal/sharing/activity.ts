import type { LinkRecord } from "../../lib/links/link-record.js";
import type { ActivityTotals } from "../../lib/activity/summarize.js";
import type { PortalDeps } from "../deps.js";
import type { ActivityView } from "../views/activity-section.js";

/** Said where activity would be, when the portal has no access logs to read (AWS mode without the log bucket). */
export const ACTIVITY_OFF =
  "Download activity is off: the stack has no activity log bucket (pulumi config set signed-share:activityLogs true, then set SHARE_ACTIVITY_LOG_BUCKET from the stack output activityLogBucketName; see docs/activity.md).";

/** Log reads one list page may start; the other links show their stored summary. */
const LIST_SCANS = 20;

/** The link's activity for its page; a log that cannot be read is said on the page, not a failed page. */
export async function activityView(deps: PortalDeps, record: LinkRecord): Promise<ActivityView> {
  if (!deps.activity) return { off: ACTIVITY_OFF };
  try {
    return { activity: await deps.activity.activity(record) };
  } catch (error) {
    deps.logger.warn({ event: "activity-read-failed", linkId: record.linkId, error: (error as Error).message });
    return { failed: (error as Error).message };
  }
}

/** Summaries for a list page (undefined: no access logs, or they could not be read). */
export async function listSummaries(deps: PortalDeps, records: readonly LinkRecord[]): Promise<Map<string, ActivityTotals | null> | undefined> {
  if (!deps.activity) return undefined;
  try {
    return await deps.activity.summaries(records, { maxScans: LIST_SCANS });
  } catch (error) {
    deps.logger.warn({ event: "activity-read-failed", error: (error as Error).message });
    return undefined;
  }
}
