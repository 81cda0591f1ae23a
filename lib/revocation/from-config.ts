import { CloudFrontKeyValueStoreClient } from "@aws-sdk/client-cloudfront-keyvaluestore";
import type { Config } from "../config.js";
import type { DenyList } from "./deny-list.js";
import { KvsDenyList } from "./kvs-deny-list.js";
import { LocalDenyList } from "./local-deny-list.js";

/**
 * The revocation list of a configuration: the data directory's file in local mode, the stack's
 * KeyValueStore in AWS mode (SHARE_REVOCATION_STORE_ARN, from the revocationStoreArn stack output),
 * none for a stack deployed without the edge guard.
 */
export function createDenyList(config: Config, deps: { kvsClient?: CloudFrontKeyValueStoreClient } = {}): DenyList | undefined {
  if (config.mode === "local") return LocalDenyList.forDataDir(config.dataDir);
  if (!config.revocationStoreArn) return undefined;
  // The KeyValueStore API is global (its endpoint comes from the ARN); the region only seeds the client.
  const client = deps.kvsClient ?? new CloudFrontKeyValueStoreClient({ region: config.region ?? "us-east-1" });
  return new KvsDenyList(client, config.revocationStoreArn);
}
