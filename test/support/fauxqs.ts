/**
 * An in-process S3 emulator (fauxqs) on a free loopback port, for tests and benchmarks.
 *
 *   const s3 = await startFauxqs();
 *   const bucket = await s3.createBucket();          // a fresh, uniquely named bucket
 *   const store = new S3ObjectStore(s3.client(), bucket);
 *   ...
 *   await s3.stop();
 *
 * Point anything else at `s3.endpoint` (path-style). fauxqs 1.9.2 does not store Cache-Control
 * and lists keys in locale order rather than S3's UTF-8 byte order; put the fault proxy
 * (./fault-proxy.ts) in front to see the headers a client sends.
 */
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client, type S3ClientOptions } from "../../lib/storage/s3-store.js";

export interface FauxqsHandle {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly region: string;
  /** Any static credentials do: fauxqs does not check signatures. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** An S3Client for `endpoint` (or for another endpoint in front of it, like the fault proxy). */
  client(options?: S3ClientOptions): S3Client;
  /** Creates a bucket (a unique name when none is given) and returns its name. */
  createBucket(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
let bucketCounter = 0;

export async function startFauxqs(): Promise<FauxqsHandle> {
  // fauxqs is ESM-only; startFauxqs() from the package binds 0.0.0.0, so listen ourselves on loopback.
  const { buildApp } = await import("fauxqs");
  const app = buildApp({ logger: false, defaultRegion: REGION });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("fauxqs did not bind a TCP port");
  const endpoint = `http://127.0.0.1:${address.port}`;

  const clients: S3Client[] = [];
  const client = (options: S3ClientOptions = {}) => {
    const created = createS3Client({ region: REGION, credentials: CREDENTIALS, env: {}, endpoint, ...options });
    clients.push(created);
    return created;
  };
  const admin = client({ maxAttempts: 1 });

  return {
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    client,
    async createBucket(name) {
      const bucket = name ?? `test-${process.pid}-${++bucketCounter}-${Date.now().toString(36)}`;
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await app.close();
    },
  };
}
