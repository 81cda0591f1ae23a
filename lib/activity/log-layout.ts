/**
 * Where access-log files live, in CloudFront standard logging v2's Hive-compatible layout
 * (docs/activity.md): `<base>DistributionId=<id>/year=YYYY/month=MM/day=DD/hour=HH/<file>`. `base`
 * is what CloudFront puts before it (`AWSLogs/.../CloudFront/`); the local edge writes the same.
 */

/** The suffix path the delivery is configured with (infra/activity-logs.ts); CloudFront prepends its own folders. */
export const SUFFIX_PATH = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}";

/** The distribution id the local edge writes its log under. */
export const LOCAL_DISTRIBUTION_ID = "LOCALEDGE";
/** What the local edge puts before `DistributionId=`, like CloudFront's AWSLogs folders. */
export const LOCAL_LOG_BASE = "AWSLogs/aws-account-id=000000000000/CloudFront/";
/** The local edge's log folder under the data directory (a stand-in for the log bucket). */
export const LOCAL_LOG_DIR = "activity-logs";

const HOUR_MS = 3_600_000;
const two = (n: number) => String(n).padStart(2, "0");

/** `DistributionId=<id>/` */
export function distributionFolder(distributionId: string): string {
  return `DistributionId=${distributionId}/`;
}

/** The partition of the hour holding `at`: `year=YYYY/month=MM/day=DD/hour=HH/`. */
export function hourPartition(at: Date): string {
  return `year=${at.getUTCFullYear()}/month=${two(at.getUTCMonth() + 1)}/day=${two(at.getUTCDate())}/hour=${two(at.getUTCHours())}/`;
}

/** The start of every hour from the one holding `from` to the one holding `to`, oldest first. */
export function hoursBetween(from: Date, to: Date): Date[] {
  const hours: Date[] = [];
  const first = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  for (let t = first; t <= to.getTime(); t += HOUR_MS) hours.push(new Date(t));
  return hours;
}

/** The name of a log file: `<id>.YYYY-MM-DD-HH.<unique>` plus `.gz` at CloudFront, `.log` for the local edge's appendable files. */
export function logFileName(distributionId: string, hour: Date, unique: string, extension: ".gz" | ".log"): string {
  const stamp = `${hour.getUTCFullYear()}-${two(hour.getUTCMonth() + 1)}-${two(hour.getUTCDate())}-${two(hour.getUTCHours())}`;
  return `${distributionId}.${stamp}.${unique}${extension}`;
}

/** The hour a partition key names (`.../year=2026/month=11/day=30/hour=02/...`), or undefined. */
export function partitionHour(key: string): Date | undefined {
  const match = /year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/hour=(\d{2})\//.exec(key);
  if (!match) return undefined;
  const [, y, m, d, h] = match;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h)));
}
