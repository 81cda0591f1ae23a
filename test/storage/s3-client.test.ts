import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createS3Client, S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";

let s3: FauxqsHandle;
let proxy: FaultProxy;
let bucket: string;
beforeAll(async () => {
  s3 = await startFauxqs();
  proxy = await startFaultProxy(s3.endpoint);
  bucket = await s3.createBucket();
});
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});
beforeEach(() => proxy.reset());

const clientFrom = (env: Record<string, string>) =>
  createS3Client({ region: "eu-west-1", credentials: s3.credentials, env, maxAttempts: 1 });

it("sends requests to AWS_ENDPOINT_URL_S3 with path-style addressing", async () => {
  // A host name, not an IP: the SDK would otherwise address the bucket as <bucket>.localhost.
  const endpoint = proxy.endpoint.replace("127.0.0.1", "localhost");
  const store = new S3ObjectStore(clientFrom({ AWS_ENDPOINT_URL_S3: endpoint }), bucket);
  await store.put("env/a.txt", "x");
  expect(proxy.requests.map((r) => [r.method, r.path, r.headers.host])).toEqual([
    ["PUT", `/${bucket}/env/a.txt`, endpoint.replace("http://", "")],
  ]);
});

it("falls back to AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_S3 is not set", async () => {
  const store = new S3ObjectStore(clientFrom({ AWS_ENDPOINT_URL: proxy.endpoint }), bucket);
  await store.head("env/missing.txt");
  expect(proxy.requests.map((r) => r.method)).toEqual(["HEAD"]);
});

it("prefers AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL", async () => {
  const env = { AWS_ENDPOINT_URL_S3: proxy.endpoint, AWS_ENDPOINT_URL: "http://127.0.0.1:9" };
  await new S3ObjectStore(clientFrom(env), bucket).head("env/missing.txt");
  expect(proxy.requests).toHaveLength(1);
});

it("sends no flexible-checksum headers to a custom endpoint", async () => {
  const store = new S3ObjectStore(clientFrom({ AWS_ENDPOINT_URL_S3: proxy.endpoint }), bucket);
  await store.put("env/checksum.txt", "body");
  const headers = Object.keys(proxy.requests[0]?.headers ?? {});
  expect(headers.filter((h) => h.startsWith("x-amz-checksum-") || h === "x-amz-sdk-checksum-algorithm")).toEqual([]);
});

it("sends the content type, cache-control and metadata it is given", async () => {
  const store = new S3ObjectStore(clientFrom({ AWS_ENDPOINT_URL_S3: proxy.endpoint }), bucket);
  await store.put("env/page.html", "<p>", {
    contentType: "text/html; charset=utf-8",
    cacheControl: "private, no-store",
    metadata: { "link-id": "abc123" },
  });
  const headers = proxy.requests[0]?.headers;
  expect([headers?.["content-type"], headers?.["cache-control"], headers?.["x-amz-meta-link-id"]]).toEqual([
    "text/html; charset=utf-8",
    "private, no-store",
    "abc123",
  ]);
});
