// Download activity (docs/activity.md): where CloudFront's logs are, what is kept of viewer addresses.
import { z } from "zod";
import { parseDuration } from "../duration.js";
import { VIEWER_ADDRESS_RULES } from "../activity/viewer-address.js";
import { bucketName, got, type Problem, type SettingsOf } from "./shared.js";
import type { storageSettings } from "./storage.js";
import type { linkSettings } from "./links.js";

export const activitySettings = {
  SHARE_ACTIVITY_LOG_BUCKET: bucketName("(the stack output activityLogBucketName)").optional(),
  SHARE_ACTIVITY_LOG_PREFIX: z
    .string()
    .regex(/^([^/\s]+\/)+$/, { error: (issue) => `must be the key prefix before DistributionId=, ending in /, like AWSLogs/aws-account-id=123456789012/CloudFront/${got(issue.input)}` })
    .optional(),
  SHARE_VIEWER_ADDRESS: z.enum(VIEWER_ADDRESS_RULES, { error: (issue) => `must be full, truncated or none${got(issue.input)}` }).default("truncated"),
  SHARE_ACTIVITY_RETENTION: z.string().default("90d"),
};

type ActivitySettings = SettingsOf<typeof activitySettings & typeof storageSettings & typeof linkSettings>;

export function checkActivitySettings(s: ActivitySettings, problem: Problem): void {
  try {
    parseDuration(s.SHARE_ACTIVITY_RETENTION);
  } catch {
    problem("SHARE_ACTIVITY_RETENTION", `must be a positive duration like 90d or 12h${got(s.SHARE_ACTIVITY_RETENTION)}`);
  }
  if (s.SHARE_ACTIVITY_LOG_BUCKET && !s.SHARE_BUCKET) {
    problem("SHARE_ACTIVITY_LOG_BUCKET", "needs SHARE_BUCKET: local mode reads the local edge's log in the data directory");
  }
  if (s.SHARE_ACTIVITY_LOG_BUCKET && s.SHARE_BUCKET && !s.SHARE_DISTRIBUTION_ID) {
    problem("SHARE_DISTRIBUTION_ID", "is required with SHARE_ACTIVITY_LOG_BUCKET: the logs are filed under the distribution's id");
  }
}

export function activityConfig(s: ActivitySettings) {
  return { viewerAddress: s.SHARE_VIEWER_ADDRESS, retentionMs: parseDuration(s.SHARE_ACTIVITY_RETENTION) };
}

/** AWS mode: CloudFront's access logs (standard logging v2); absent, no download activity. */
export function awsActivityLogs(s: ActivitySettings) {
  return s.SHARE_ACTIVITY_LOG_BUCKET
    ? { activityLogs: { bucket: s.SHARE_ACTIVITY_LOG_BUCKET, ...(s.SHARE_ACTIVITY_LOG_PREFIX ? { prefix: s.SHARE_ACTIVITY_LOG_PREFIX } : {}) } }
    : {};
}
