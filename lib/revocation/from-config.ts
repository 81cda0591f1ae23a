import type { CloudFrontKeyValueStoreClient } from "@aws-sdk/client-cloudfront-keyvaluestore";
import type { Config } from "../config.js";
import { KVS_TAKES_EFFECT, type DenyList, type DenyListChange, type DenyListEntry } from "./deny-list.js";
import { LocalDenyList } from "./local-deny-list.js";

/**
 * The revocation list of a configuration: the data directory's file in local mode, the stack's
 * KeyValueStore in AWS mode (SHARE_REVOCATION_STORE_ARN, from the revocationStoreArn stack output),
 * none for a stack deployed without the edge guard.
 */
export function createDenyList(config: Config, deps: { kvsClient?: CloudFrontKeyValueStoreClient } = {}): DenyList | undefined {
  if (config.mode === "local") return LocalDenyList.forDataDir(config.dataDir);
  const arn = config.revocationStoreArn;
  if (!arn) return undefined;
  // The KeyValueStore SDK and its SigV4A signer load on first use only: commands that never revoke
  // (issue, list) start as fast as before.
  let list: Promise<DenyList> | undefined;
  const open = () =>
    (list ??= import("./kvs-deny-list.js").then(async ({ KvsDenyList }) => {
      const { CloudFrontKeyValueStoreClient } = await import("@aws-sdk/client-cloudfront-keyvaluestore");
      // The KeyValueStore API is global (its endpoint comes from the ARN); the region only seeds the client.
      return new KvsDenyList(deps.kvsClient ?? new CloudFrontKeyValueStoreClient({ region: config.region ?? "us-east-1" }), arn);
    }));
  return {
    location: `kvs:${arn}`,
    takesEffect: KVS_TAKES_EFFECT,
    entries: async (): Promise<DenyListEntry[]> => (await open()).entries(),
    update: async (change: DenyListChange): Promise<void> => (await open()).update(change),
  };
}
