import type { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config.js";
import type { ObjectStore } from "./object-store.js";
import { LocalObjectStore } from "./local-store.js";
import { createS3Client, S3ObjectStore } from "./s3-store.js";

/**
 * The store the configuration asks for: the bucket in AWS mode, the data directory in local mode.
 * Pass `s3Client` to share one client across the process (otherwise one is created here).
 */
export function createStore(config: Config, deps: { s3Client?: S3Client } = {}): ObjectStore {
  if (config.mode === "local") return new LocalObjectStore(config.dataDir);
  const client =
    deps.s3Client ??
    createS3Client({
      env: {}, // the config already resolved AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
  return new S3ObjectStore(client, config.bucket);
}
