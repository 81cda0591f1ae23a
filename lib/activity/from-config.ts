import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { readFileSet } from "../links/link-file-set.js";
import { clientFolderKey } from "../links/layout.js";
import type { LinkRecords } from "../links/link-records.js";
import { LocalObjectStore } from "../storage/local-store.js";
import type { ObjectStore } from "../storage/object-store.js";
import { createS3Client, S3ObjectStore } from "../storage/s3-store.js";
import { LogActivitySource } from "./link-activity-source.js";
import { LOCAL_DISTRIBUTION_ID, LOCAL_LOG_BASE, LOCAL_LOG_DIR } from "./log-layout.js";
import { LogReader } from "./log-reader.js";

export interface ActivityParts {
  /** The bucket or data directory (summaries are kept there). */
  store: ObjectStore;
  records: LinkRecords;
  clock: Clock;
  /** Shared S3 client for the log bucket (one is created otherwise). */
  s3Client?: S3Client;
}

/** The local edge's log folder in a data directory. */
export function localLogDir(dataDir: string): string {
  return join(dataDir, LOCAL_LOG_DIR);
}

/**
 * The activity source the configuration allows: the local edge's log in local mode, CloudFront's
 * log bucket in AWS mode; undefined in AWS mode without SHARE_ACTIVITY_LOG_BUCKET (logging off).
 */
export function createActivitySource(config: Config, parts: ActivityParts): LogActivitySource | undefined {
  let reader: LogReader;
  if (config.mode === "local") {
    reader = new LogReader({ logs: new LocalObjectStore(localLogDir(config.dataDir)), distributionId: LOCAL_DISTRIBUTION_ID, base: LOCAL_LOG_BASE });
  } else {
    if (!config.activityLogs || !config.distributionId) return undefined;
    const client =
      parts.s3Client ??
      createS3Client({ env: {}, ...(config.region ? { region: config.region } : {}), ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
    reader = new LogReader({
      logs: new S3ObjectStore(client, config.activityLogs.bucket),
      distributionId: config.distributionId,
      ...(config.activityLogs.prefix ? { base: config.activityLogs.prefix } : {}),
    });
  }
  return new LogActivitySource({
    reader,
    store: parts.store,
    records: parts.records,
    fileSet: async (record) => (record.fileSetKey ? readFileSet(parts.store, record.fileSetKey) : undefined),
    fileSize: async (client, path) => (await parts.store.head(`${clientFolderKey(config.prefix, client)}${path}`))?.size,
    clock: parts.clock,
    delivery: config.mode === "local" ? "local" : "cloudfront",
    viewerAddress: config.activity.viewerAddress,
    retentionMs: config.activity.retentionMs,
  });
}
