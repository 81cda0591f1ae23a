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
 *
 * fauxqs 1.9.2 has no ListParts (GET /bucket/key?uploadId=...), which completing an upload needs:
 * this handle answers it, as S3 does (paged by max-parts and part-number-marker), from the parts
 * fauxqs accepted. fauxqs does not check signatures either: ./sigv4-proxy.ts does, where a test
 * needs it.
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
  addListParts(app as unknown as HookableApp);
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

interface PartSeen {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
}

interface HookRequest {
  method: string;
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
interface HookReply {
  statusCode: number;
  getHeader(name: string): unknown;
  header(name: string, value: string): HookReply;
  status(code: number): HookReply;
  send(payload: string): unknown;
}
/** The part of Fastify's instance the hooks need. */
interface HookableApp {
  addHook(name: "onRequest", hook: (request: HookRequest, reply: HookReply) => Promise<unknown>): void;
  addHook(name: "onSend", hook: (request: HookRequest, reply: HookReply, payload: unknown) => Promise<unknown>): void;
}

const xmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** ListParts over what fauxqs accepted: each UploadPart's size and ETag, dropped when the upload completes or is aborted. */
function addListParts(app: HookableApp): void {
  const uploads = new Map<string, Map<number, PartSeen>>();
  app.addHook("onSend", async (request, reply, payload) => {
    const uploadId = request.query.uploadId;
    if (uploadId === undefined || reply.statusCode >= 300) return payload;
    if (request.method === "PUT" && request.query.partNumber !== undefined) {
      const decoded = request.headers["x-amz-decoded-content-length"];
      const size = typeof decoded === "string" ? Number(decoded) : Buffer.isBuffer(request.body) ? request.body.length : 0;
      const parts = uploads.get(uploadId) ?? new Map<number, PartSeen>();
      uploads.set(uploadId, parts);
      const partNumber = Number(request.query.partNumber);
      parts.set(partNumber, { partNumber, etag: String(reply.getHeader("etag")), size, lastModified: new Date() });
    } else if (request.method === "POST" || request.method === "DELETE") {
      uploads.delete(uploadId);
    }
    return payload;
  });
  app.addHook("onRequest", async (request, reply) => {
    const uploadId = request.query.uploadId;
    if (request.method !== "GET" || uploadId === undefined) return;
    const parts = uploads.get(uploadId);
    reply.header("content-type", "application/xml");
    if (!parts) {
      reply.status(404).send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`);
      return reply;
    }
    const marker = Number(request.query["part-number-marker"] ?? 0);
    const max = Math.min(Number(request.query["max-parts"] ?? 1000), 1000);
    const after = [...parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const page = after.slice(0, max);
    const truncated = after.length > page.length;
    const bucket = request.params.bucket ?? "";
    const key = request.params["*"] ?? "";
    reply.status(200).send(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`,
        `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${xmlEscape(uploadId)}</UploadId>`,
        `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker>`,
        `<MaxParts>${max}</MaxParts><IsTruncated>${truncated}</IsTruncated>`,
        ...page.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(p.etag)}</ETag><Size>${p.size}</Size></Part>`),
        `</ListPartsResult>`,
      ].join(""),
    );
    return reply;
  });
}
