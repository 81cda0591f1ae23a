import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { LocalObjectStore } from "../storage/local-store.js";
import type { ObjectStore } from "../storage/object-store.js";
import { S3ObjectStore } from "../storage/s3-store.js";
import { ClientFiles } from "./client-files.js";
import { LocalMultipart } from "./local-multipart.js";
import type { MultipartStore } from "./multipart.js";
import type { Scanning } from "../scanning/scanning.js";
import { s3PresignedDownloads, type PresignedDownloads } from "./presigned-download.js";
import { S3Multipart } from "./s3-multipart.js";

/** The multipart uploads of a store: S3's on a bucket (same client), the data directory's in local mode. */
export function multipartFor(store: ObjectStore, clock: Clock): MultipartStore {
  if (store instanceof S3ObjectStore) return new S3Multipart(store.client, store.bucket);
  if (store instanceof LocalObjectStore) return new LocalMultipart(store, clock);
  throw new Error(`uploads need the S3 or the local store, not ${store.location}`);
}

/** Downloads straight from storage: presigned GetObject URLs on a bucket; none in local mode (the portal serves the file). */
export function presignedDownloadsFor(store: ObjectStore): PresignedDownloads | undefined {
  return store instanceof S3ObjectStore ? s3PresignedDownloads(store.client, store.bucket) : undefined;
}

/** Clients and files for a configuration, on the store the rest of the process uses; `scanning` scans each file stored. */
export function createClientFiles(config: Pick<Config, "prefix" | "maxFileSize">, store: ObjectStore, clock: Clock, scanning?: Scanning): ClientFiles {
  const downloads = presignedDownloadsFor(store);
  return new ClientFiles({
    store,
    multipart: multipartFor(store, clock),
    ...(downloads ? { downloads } : {}),
    prefix: config.prefix,
    clock,
    maxFileSize: config.maxFileSize,
    ...(scanning ? { scanning } : {}),
  });
}
