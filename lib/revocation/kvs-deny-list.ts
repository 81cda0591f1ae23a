// SigV4A: the KeyValueStore API accepts only it. Loading the pure-JS signer registers it with the SDK
// (no native CRT needed); without it every call fails with "Neither CRT nor JS SigV4a implementation".
import "@aws-sdk/signature-v4a";
import {
  ConflictException,
  DescribeKeyValueStoreCommand,
  paginateListKeys,
  ServiceQuotaExceededException,
  UpdateKeysCommand,
  type CloudFrontKeyValueStoreClient,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { assertFits, DenyListFullError, KVS_TAKES_EFFECT, type DenyList, type DenyListChange, type DenyListEntry } from "./deny-list.js";

/** Keys per UpdateKeys call (puts and deletes together). */
export const UPDATE_BATCH = 50;
const CONFLICT_RETRIES = 5;

/**
 * The revocation list in a CloudFront KeyValueStore that the edge guard function reads. Writes use
 * the store's ETag: DescribeKeyValueStore, then UpdateKeys with IfMatch, again from a fresh ETag when
 * another writer got there first (ConflictException). Each UpdateKeys call is all-or-nothing; puts go
 * in the first call, so a revocation is either written or not at all.
 */
export class KvsDenyList implements DenyList {
  readonly location: string;
  readonly takesEffect = KVS_TAKES_EFFECT;

  constructor(
    private readonly client: CloudFrontKeyValueStoreClient,
    private readonly arn: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.location = `kvs:${arn}`;
  }

  async entries(): Promise<DenyListEntry[]> {
    const entries: DenyListEntry[] = [];
    for await (const page of paginateListKeys({ client: this.client }, { KvsARN: this.arn })) {
      for (const item of page.Items ?? []) if (item.Key !== undefined && item.Value !== undefined) entries.push({ linkId: item.Key, expiresAt: item.Value });
    }
    return entries;
  }

  async update(change: DenyListChange): Promise<void> {
    const items = [...change.puts.map((entry) => ({ put: entry })), ...change.deletes.map((entry) => ({ del: entry }))];
    for (let i = 0; i < items.length; i += UPDATE_BATCH) {
      const batch = items.slice(i, i + UPDATE_BATCH);
      const puts = batch.flatMap((item) => ("put" in item ? [item.put] : []));
      const deletes = batch.flatMap((item) => ("del" in item ? [item.del] : []));
      await this.updateOnce({ puts, deletes });
    }
  }

  private async updateOnce(change: DenyListChange): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const store = await this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.arn }));
      assertFits(store.TotalSizeInBytes ?? 0, change, this.location);
      try {
        await this.client.send(
          new UpdateKeysCommand({
            KvsARN: this.arn,
            IfMatch: store.ETag,
            ...(change.puts.length ? { Puts: change.puts.map((entry) => ({ Key: entry.linkId, Value: entry.expiresAt })) } : {}),
            ...(change.deletes.length ? { Deletes: change.deletes.map((entry) => ({ Key: entry.linkId })) } : {}),
          }),
        );
        return;
      } catch (error) {
        if (error instanceof ServiceQuotaExceededException) {
          throw new DenyListFullError(
            `the KeyValueStore ${this.arn} refused the write as over its size quota (${error.message}): nothing was revoked. ` +
              "Revoke every link at once with `signed-share rotate-keys`, then issue new links.",
            { cause: error },
          );
        }
        if (!(error instanceof ConflictException) || attempt >= CONFLICT_RETRIES) throw error;
        await this.sleep(100 * attempt); // another writer changed the store since the ETag was read
      }
    }
  }
}

