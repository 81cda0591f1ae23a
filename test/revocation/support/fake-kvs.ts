import {
  CloudFrontKeyValueStoreClient,
  ConflictException,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  ServiceQuotaExceededException,
  UpdateKeysCommand,
  ValidationException,
  type UpdateKeysCommandInput,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { mockClient } from "aws-sdk-client-mock";
import { STORE_LIMIT_BYTES } from "../../../lib/revocation/deny-list.js";

const meta = { $metadata: {} };
export const KVS_ARN = "arn:aws:cloudfront::123456789012:key-value-store/0f5c2a4e-1b2c-4d5e-8f90-123456789abc";

/**
 * A stateful CloudFront KeyValueStore behind aws-sdk-client-mock: keys, an ETag that changes on
 * every write, IfMatch checked (ConflictException), the 5 MB quota (ServiceQuotaExceededException),
 * at most 50 keys per UpdateKeys, ListKeys pages of 50. `otherWriter` simulates a concurrent write
 * right before the next UpdateKeys (its ETag is then stale).
 */
export class FakeKvs {
  readonly items = new Map<string, string>();
  etag = "ETAG-1";
  otherWriters = 0;
  /** Bytes counted besides the items (to put the store near its limit without filling it). */
  ballastBytes = 0;
  readonly updates: UpdateKeysCommandInput[] = [];
  readonly mock = mockClient(CloudFrontKeyValueStoreClient);

  constructor() {
    this.install();
  }

  install(): void {
    const mock = this.mock;
    mock.on(DescribeKeyValueStoreCommand).callsFake((input) => {
      this.checkArn(input.KvsARN);
      return { KvsARN: KVS_ARN, ETag: this.etag, ItemCount: this.items.size, TotalSizeInBytes: this.size(), Created: new Date(0), ...meta };
    });
    mock.on(ListKeysCommand).callsFake((input) => {
      this.checkArn(input.KvsARN);
      const keys = [...this.items.keys()].sort();
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const page = keys.slice(start, start + 50);
      return { Items: page.map((Key) => ({ Key, Value: this.items.get(Key)! })), ...(start + 50 < keys.length ? { NextToken: String(start + 50) } : {}), ...meta };
    });
    mock.on(UpdateKeysCommand).callsFake((input) => {
      this.checkArn(input.KvsARN);
      this.updates.push(input);
      if (this.otherWriters > 0) {
        this.otherWriters--;
        this.bump();
      }
      if (input.IfMatch !== this.etag) throw new ConflictException({ message: "Pre-condition failed: ETag mismatch", ...meta });
      const count = (input.Puts?.length ?? 0) + (input.Deletes?.length ?? 0);
      if (count === 0 || count > 50) throw new ValidationException({ message: `1 to 50 keys per call, got ${count}`, ...meta });
      const next = new Map(this.items);
      for (const d of input.Deletes ?? []) next.delete(d.Key!);
      for (const p of input.Puts ?? []) next.set(p.Key!, p.Value!);
      if (this.sizeOf(next) > STORE_LIMIT_BYTES) throw new ServiceQuotaExceededException({ message: "Resource size limit exceeded", ...meta });
      this.items.clear();
      for (const [k, v] of next) this.items.set(k, v);
      this.bump();
      return { ETag: this.etag, ItemCount: this.items.size, TotalSizeInBytes: this.size(), ...meta };
    });
  }

  size(): number {
    return this.sizeOf(this.items);
  }

  private sizeOf(items: Map<string, string>): number {
    let bytes = this.ballastBytes;
    for (const [k, v] of items) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    return bytes;
  }

  private bump(): void {
    this.etag = `ETAG-${Number(this.etag.slice(5)) + 1}`;
  }

  private checkArn(arn: string | undefined): void {
    if (arn !== KVS_ARN) throw new ValidationException({ message: `unknown store ${arn}`, ...meta });
  }
}
