import type { Context } from "hono";
import type { LinkActivity } from "../../lib/activity/link-activity-source.js";
import { ShareError } from "../../lib/errors.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { ops } from "../../lib/ops/registry.js";
import type { AppEnv, SignedInEnv } from "../env.js";
import type { RunOperation } from "../operations.js";
import type { ActivityView } from "../views/activity-section.js";

/** Said where activity would be, when the portal has no access logs to read (AWS mode without the log bucket). */
export const ACTIVITY_OFF =
  "Download activity is off: the stack has no activity log bucket (pulumi config set signed-share:activityLogs true, then set SHARE_ACTIVITY_LOG_BUCKET from the stack output activityLogBucketName; see docs/activity.md).";

/** The link's activity for its page; a log that cannot be read is said on the page, not a failed page. */
export async function activityView(c: Context<AppEnv & SignedInEnv>, run: RunOperation, record: LinkRecord): Promise<ActivityView> {
  try {
    return { activity: (await run(c, ops.links.activity, { linkId: record.linkId, client: record.client })) as LinkActivity };
  } catch (error) {
    if (error instanceof ShareError && error.kind === "unavailable") return { off: ACTIVITY_OFF };
    return { failed: (error as Error).message };
  }
}
