import { UploadPartCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientFiles } from "../../lib/files/client-files.js";
import { multipartFor } from "../../lib/files/create-client-files.js";
import type { LocalMultipart } from "../../lib/files/local-multipart.js";
import { MIN_PART_SIZE } from "../../lib/files/multipart.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { localSubject, NOW, PREFIX, type FilesSubject } from "../files/subjects.js";
import { OPERATOR, portal, postJson, session, START, storeWithUsers, testClock, testPublisher, type TestPortal, type TestStore } from "../portal/fixture.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startSigV4Proxy, type SigV4Proxy } from "../support/sigv4-proxy.js";

const MAX_FILE_SIZE = MIN_PART_SIZE + 10;

interface Started {
  upload: string;
  partSize: number;
  partCount: number;
}
type PartUrl = { partNumber: number; url: string; length: number };

/**
 * Issue 21, item 5: presigned part URLs signed only `host`, so a browser (or anyone holding the
 * portal's page) could PUT parts of any size, and completion stored whatever had arrived: a file
 * of any size, past SHARE_MAX_FILE_SIZE. fauxqs checks no signature, so a proxy that checks
 * presigned URLs as S3 does stands in front of it.
 */
describe("AWS-mode upload sizes, against fauxqs behind a SigV4-checking proxy", () => {
  let s3: FauxqsHandle;
  let proxy: SigV4Proxy;
  let base: TestStore;
  let p: TestPortal;
  let sdk: S3Client;
  let bucket: string;
  let s: { cookie: string; token: string };

  beforeAll(async () => {
    s3 = await startFauxqs();
    proxy = await startSigV4Proxy(s3.endpoint, s3.credentials);
    bucket = await s3.createBucket();
    sdk = s3.client({ endpoint: proxy.endpoint });
    const store = new S3ObjectStore(sdk, bucket);
    base = await storeWithUsers();
    const users = new UserStore(store, () => START);
    await users.add(OPERATOR.name, "operator", OPERATOR.password);
    const files = new ClientFiles({ store, multipart: multipartFor(store, () => NOW), prefix: PREFIX, clock: () => NOW, maxFileSize: MAX_FILE_SIZE, partSize: MIN_PART_SIZE });
    p = portal(base, { store, users, publisher: testPublisher(store, testClock().clock), files });
    s = await session(p, OPERATOR);
    expect((await p.app.request("/api/clients", postJson(s, { client: "sizes" }))).status).toBe(201);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
    await base?.cleanup();
  });

  const start = async (path: string, size: number) => {
    const response = await p.app.request("/api/uploads", postJson(s, { client: "sizes", path, size }));
    expect(response.status).toBe(201);
    return (await response.json()) as Started;
  };
  const partUrls = async (started: Started, partNumbers: number[]) =>
    ((await (await p.app.request("/api/uploads/parts", postJson(s, { upload: started.upload, client: "sizes", partNumbers }))).json()) as { parts: PartUrl[] }).parts;
  const complete = (started: Started, parts: { partNumber: number; etag: string }[]) => p.app.request("/api/uploads/complete", postJson(s, { upload: started.upload, client: "sizes", parts }));
  const stored = (path: string) => new S3ObjectStore(sdk, bucket).head(`${PREFIX}/sizes/${path}`);

  it("the part URLs sign Content-Length: the proxy sees it among the signed headers", async () => {
    const started = await start("signed.bin", 10);
    const [part] = await partUrls(started, [1]);
    expect(new URL(part!.url).searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
    const response = await fetch(part!.url, { method: "PUT", body: Buffer.alloc(10, 1) });
    expect(response.status).toBe(200);
    expect(proxy.checked.at(-1)).toMatchObject({ ok: true, signedHeaders: ["content-length", "host"] });
    expect((await complete(started, [{ partNumber: 1, etag: response.headers.get("etag")! }])).status).toBe(201);
    expect((await stored("signed.bin"))?.size).toBe(10);
  });

  it("the proxy is a real check: a tampered signature is refused, so its passes mean something", async () => {
    const started = await start("tampered.bin", 10);
    const [part] = await partUrls(started, [1]);
    const url = new URL(part!.url);
    url.searchParams.set("partNumber", "2");
    expect((await fetch(url, { method: "PUT", body: Buffer.alloc(10) })).status).toBe(403);
  });

  it("a part of any other size than the one signed is refused by the store (S3's SignatureDoesNotMatch)", async () => {
    const started = await start("larger.bin", 10);
    const [part] = await partUrls(started, [1]);
    for (const length of [11, 9, 1024 * 1024]) {
      const response = await fetch(part!.url, { method: "PUT", body: Buffer.alloc(length, 2) });
      expect(response.status, `${length} bytes`).toBe(403);
      expect(await response.text()).toContain("SignatureDoesNotMatch");
    }
    expect(await stored("larger.bin")).toBeUndefined();
  });

  it("completing parts that add up to another size than the upload's is refused, and the upload aborted", async () => {
    // Parts that did not come through a part URL (the bucket's own credentials, a store that checks no signature).
    const started = await start("grown.bin", 10);
    const key = `${PREFIX}/sizes/grown.bin`;
    const uploadId = uploadIdOf(started);
    const sent = await sdk.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(25, 3), ContentLength: 25 }));
    const refused = await complete(started, [{ partNumber: 1, etag: sent.ETag! }]);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/hold 25 bytes, but the upload was started for 10: it was aborted/);
    expect(await stored("grown.bin")).toBeUndefined();
    // Aborted for good: its parts are gone, completing again cannot store them.
    expect((await complete(started, [{ partNumber: 1, etag: sent.ETag! }])).status).toBe(409);
    expect(await stored("grown.bin")).toBeUndefined();
  });

  it("parts that add up to more than SHARE_MAX_FILE_SIZE are refused (413) and the upload aborted", async () => {
    const started = await start("huge.bin", MAX_FILE_SIZE);
    const key = `${PREFIX}/sizes/huge.bin`;
    const uploadId = uploadIdOf(started);
    const etags = [];
    for (const [partNumber, length] of [[1, MIN_PART_SIZE], [2, 11]] as const) {
      etags.push({ partNumber, etag: (await sdk.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: Buffer.alloc(length, 4), ContentLength: length }))).ETag! });
    }
    const refused = await complete(started, etags);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/SHARE_MAX_FILE_SIZE.*aborted/);
    expect(await stored("huge.bin")).toBeUndefined();
  });
});

describe("local mode: the same completion check", () => {
  let subject: FilesSubject;
  beforeAll(async () => {
    subject = await localSubject();
    await subject.files.createClient("acme", {}, "olivia");
  });
  afterAll(() => subject.cleanup());

  it("parts that add up to another size are refused and the upload's parts removed", async () => {
    const upload = await subject.files.startUpload("acme", "grown.bin", 12, { by: "olivia" });
    const multipart = multipartFor(subject.store, () => NOW) as LocalMultipart;
    const first = await multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.from("hello "), 6);
    const second = await multipart.uploadPart(upload.key, upload.uploadId, 2, Buffer.from("world!!"), 7);
    await expect(subject.files.completeUpload({ ...upload, plan: { partSize: 6, partCount: 2 } }, [{ partNumber: 1, etag: first }, { partNumber: 2, etag: second }])).rejects.toThrow(/hold 13 bytes, but the upload was started for 12/);
    expect(await multipart.open()).toEqual([]);
    expect(await subject.store.head(upload.key)).toBeUndefined();
  });
});

/** The S3 upload id inside the portal's signed upload token (its payload is plain base64url JSON). */
function uploadIdOf(started: Started): string {
  return (JSON.parse(Buffer.from(started.upload.split(".")[0]!, "base64url").toString()) as { uploadId: string }).uploadId;
}
