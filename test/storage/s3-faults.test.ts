import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { StorageError } from "../../lib/storage/errors.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { faults, startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { text } from "./contract.js";

let s3: FauxqsHandle;
let proxy: FaultProxy;
let bucket: string;
let store: S3ObjectStore;

beforeAll(async () => {
  s3 = await startFauxqs();
  proxy = await startFaultProxy(s3.endpoint);
  bucket = await s3.createBucket();
  store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint, maxAttempts: 3, socketTimeoutMs: 500 }), bucket);
});
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});
beforeEach(() => proxy.reset());

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

const requestsFor = (method: string, key: string) =>
  proxy.requests.filter((r) => r.method === method && r.path === `/${bucket}/${key}`);
const putsOf = (key: string) => requestsFor("PUT", key);
const outcomes = (method: string, key: string) => requestsFor(method, key).map((r) => r.fault ?? "forwarded");

describe("S3ObjectStore retries", () => {
  it("retries a 503 SlowDown and then succeeds", async () => {
    proxy.inject(faults.slowDown(), { times: 2 });
    await store.put("retry/slowdown.txt", "ok");
    expect(outcomes("PUT", "retry/slowdown.txt")).toEqual(["error", "error", "forwarded"]);
    expect(await text((await store.get("retry/slowdown.txt"))!.body)).toBe("ok");
  });

  it("retries a 500 InternalError and then succeeds", async () => {
    await store.put("retry/internal.txt", "ok");
    proxy.inject(faults.internalError());
    expect(await text((await store.get("retry/internal.txt"))!.body)).toBe("ok");
    expect(outcomes("GET", "retry/internal.txt")).toEqual(["error", "forwarded"]);
  });

  it("retries after the connection is reset", async () => {
    await store.put("retry/reset.txt", "ok");
    proxy.inject(faults.reset());
    expect((await store.head("retry/reset.txt"))?.size).toBe(2);
    expect(outcomes("HEAD", "retry/reset.txt")).toEqual(["reset", "forwarded"]);
  });

  it("retries a response that stalls past the socket timeout", async () => {
    await store.put("retry/slow.txt", "ok");
    proxy.inject(faults.slow(10_000));
    expect(await text((await store.get("retry/slow.txt"))!.body)).toBe("ok");
    expect(outcomes("GET", "retry/slow.txt")).toEqual(["delay", "forwarded"]);
  });

  it("numbers each attempt in the amz-sdk-request header", async () => {
    proxy.inject(faults.slowDown());
    await store.put("retry/numbered.txt", "ok");
    expect(putsOf("retry/numbered.txt").map((r) => String(r.headers["amz-sdk-request"]).split(";")[0])).toEqual([
      "attempt=1",
      "attempt=2",
    ]);
  });

  it("gives up after maxAttempts, having backed off, naming bucket, key and cause", async () => {
    proxy.inject(faults.slowDown(), { times: Infinity });
    const error = await failure(store.put("retry/exhausted.txt", "x"));
    expect(putsOf("retry/exhausted.txt")).toHaveLength(3);
    expect(error.code).toBe("RetriesExhausted");
    expect(error.message).toContain(`s3://${bucket}/retry/exhausted.txt`);
    expect(error.message).toContain("SlowDown (HTTP 503)");
    expect(error.message).toContain("after 3 attempts");
    const metadata = (error.cause as { $metadata: { attempts: number; totalRetryDelay: number } }).$metadata;
    expect(metadata.totalRetryDelay).toBeGreaterThan(0);
  });
});

describe("S3ObjectStore error messages", () => {
  it("says to check SHARE_BUCKET/AWS_REGION when the bucket does not exist", async () => {
    const missing = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint, maxAttempts: 1 }), "no-such-bucket-here");
    const error = await failure(missing.list({ prefix: "client_files/" }));
    expect(error.code).toBe("NoSuchBucket");
    expect(error.message).toContain(
      "Bucket no-such-bucket-here does not exist in region us-east-1: check SHARE_BUCKET/AWS_REGION",
    );
  });

  it("names the missing IAM action on AccessDenied for a put", async () => {
    proxy.inject(faults.accessDenied(), { match: (r) => r.method === "PUT" });
    const error = await failure(store.put("denied/file.txt", "x"));
    expect(error.code).toBe("AccessDenied");
    expect(error.message).toContain(`put s3://${bucket}/denied/file.txt failed: AccessDenied (HTTP 403)`);
    expect(error.message).toContain(`s3:PutObject on arn:aws:s3:::${bucket}/*`);
  });

  it("names s3:ListBucket on AccessDenied for a listing", async () => {
    proxy.inject(faults.accessDenied());
    const error = await failure(store.list({ prefix: "client_files/acme/" }));
    expect(error.message).toContain(`list s3://${bucket}/client_files/acme/*`);
    expect(error.message).toContain(`s3:ListBucket on arn:aws:s3:::${bucket}:`);
  });

  it.each([
    ["ExpiredToken", faults.expiredToken()],
    ["InvalidAccessKeyId", faults.invalidAccessKeyId()],
    ["SignatureDoesNotMatch", faults.signatureDoesNotMatch()],
  ])("says to run aws sso login or set AWS_PROFILE on %s", async (code, fault) => {
    proxy.inject(fault);
    const error = await failure(store.get("creds/file.txt"));
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain(`get s3://${bucket}/creds/file.txt failed: ${code}`);
    expect(error.message).toContain("run `aws sso login` or set AWS_PROFILE");
  });

  it("says to run aws sso login when the credential chain finds nothing", async () => {
    const noCredentials = async () => {
      throw Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      });
    };
    const client = s3.client({ endpoint: proxy.endpoint, maxAttempts: 1, credentials: noCredentials });
    const error = await failure(new S3ObjectStore(client, bucket).head("creds/any.txt"));
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain("CredentialsProviderError");
    expect(error.message).toContain("run `aws sso login` or set AWS_PROFILE");
  });
});
