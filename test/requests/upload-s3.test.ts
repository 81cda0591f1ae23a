// File requests against the S3 emulator (fauxqs) behind a proxy that checks presigned URLs as S3 does:
// parts go straight to the bucket through presigned URLs that sign Content-Length; an over-limit part and
// an over-limit total are refused; a received file moves under received/ with CopyObject If-None-Match
// and never replaces an object.
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand, type S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Mover } from "../../lib/storage/move-object.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { startSigV4Proxy, type SigV4Proxy } from "../support/sigv4-proxy.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { batchId, DAY, MIB, PREFIX, requestsSubject, sendFile, START, type RequestsSubject } from "./fixture.js";

const putTo = (url: string, body: Buffer) => fetch(url, { method: "PUT", body });

describe("file requests on S3 (fauxqs behind a SigV4-checking proxy)", () => {
  let s3: FauxqsHandle;
  let sigv4: SigV4Proxy;
  let wire: FaultProxy;
  let sdk: S3Client;
  let bucket: string;
  let store: S3ObjectStore;
  let s: RequestsSubject;

  beforeAll(async () => {
    s3 = await startFauxqs();
    wire = await startFaultProxy(s3.endpoint);
    sigv4 = await startSigV4Proxy(wire.endpoint, s3.credentials);
    bucket = await s3.createBucket();
    sdk = s3.client({ endpoint: sigv4.endpoint });
    store = new S3ObjectStore(sdk, bucket);
    await store.put(`${PREFIX}/acme/readme.txt`, "hi\n");
    s = requestsSubject({ store });
  });
  afterAll(async () => {
    await sigv4?.stop();
    await wire?.stop();
    await s3?.stop();
  });

  const read = async (key: string) => {
    const object = await store.get(key);
    if (!object) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it("parts go to presigned URLs that sign Content-Length; the file lands under received/ byte-identical", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
    const bytes = randomBytes(11 * MIB + 7);
    const sent = await sendFile(s, record.url, "data/set (1).bin", bytes, { putPart: putTo });
    expect(sent.response.status, await sent.response.clone().text()).toBe(201);
    const presigned = sigv4.checked.filter((c) => c.method === "PUT");
    expect(presigned).toHaveLength(3);
    for (const check of presigned) expect(check).toMatchObject({ ok: true, signedHeaders: ["content-length", "host"] });
    // Straight to the bucket, into incoming/ (never the served prefix), then moved.
    expect(presigned.every((c) => c.path.startsWith(`/${bucket}/incoming/acme/${record.linkId}/`))).toBe(true);
    expect((await read(`${PREFIX}/acme/received/${record.linkId}/data/set (1).bin`))?.equals(bytes)).toBe(true);
    expect(await store.head(`incoming/acme/${record.linkId}/data/set (1).bin`)).toBeUndefined();
    const copy = wire.requests.find((r) => r.method === "PUT" && r.headers["x-amz-copy-source"] !== undefined);
    expect(copy?.headers["if-none-match"]).toBe("*");
  });

  it("a part of another size than the one signed is refused by the store; so is a part over the request's largest file", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia", maxFileSize: 6 * MIB });
    const started = (await (await s.call(record.url, "files", { body: { path: "x.bin", size: 6 * MIB, batch: batchId() } })).json()) as { upload: string; partCount: number };
    const [part] = ((await (await s.call(record.url, "parts", { body: { upload: started.upload, partNumbers: [1] } })).json()) as { parts: { url: string; length: number }[] }).parts;
    expect(part!.length).toBe(5 * MIB);
    for (const length of [5 * MIB + 1, 5 * MIB - 1, 6 * MIB + 1]) {
      const response = await putTo(part!.url, Buffer.alloc(length));
      expect(response.status, `${length} bytes`).toBe(403);
      expect(await response.text()).toContain("SignatureDoesNotMatch");
    }
    // A file over the request's limit gets no part URL at all.
    expect((await s.call(record.url, "files", { body: { path: "y.bin", size: 6 * MIB + 1, batch: batchId() } })).status).toBe(413);
  });

  it("parts stored around the part URLs (another credential) that add up past the announced size are refused at completion, the upload aborted", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
    const started = (await (await s.call(record.url, "files", { body: { path: "grown.bin", size: 10, batch: batchId() } })).json()) as { upload: string };
    const session = await s.uploads.session(await s.requests.get(record.linkId), started.upload);
    const out = await sdk.send(new UploadPartCommand({ Bucket: bucket, Key: session.key, UploadId: session.uploadId, PartNumber: 1, Body: Buffer.alloc(11), ContentLength: 11 }));
    const completed = await s.call(record.url, "complete", { body: { upload: started.upload, parts: [{ partNumber: 1, etag: out.ETag! }] } });
    expect(completed.status).toBe(413);
    expect(await store.head(session.key)).toBeUndefined();
    expect(await s.requests.received(record.linkId)).toEqual([]);
  });

  it("an over-limit total is refused at completion, whatever was announced at the start", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia", maxTotal: 100 });
    const a = (await (await s.call(record.url, "files", { body: { path: "a.bin", size: 60, batch: batchId() } })).json()) as { upload: string };
    const b = (await (await s.call(record.url, "files", { body: { path: "b.bin", size: 60, batch: batchId() } })).json()) as { upload: string };
    const finish = async (upload: string) => {
      const [part] = ((await (await s.call(record.url, "parts", { body: { upload, partNumbers: [1] } })).json()) as { parts: { url: string }[] }).parts;
      const put = await putTo(part!.url, Buffer.alloc(60, 1));
      return s.call(record.url, "complete", { body: { upload, parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] } });
    };
    expect((await finish(a.upload)).status).toBe(201);
    const over = await finish(b.upload);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/at most 100 bytes/);
    expect(await store.head(`${PREFIX}/acme/received/${record.linkId}/b.bin`)).toBeUndefined();
  });

  it("an existing name is never overwritten: not by a second upload of the name, nor by the move", async () => {
    const record = await s.requests.create({ client: "acme", expiresAt: new Date(START.getTime() + DAY), issuedBy: "olivia" });
    expect((await sendFile(s, record.url, "same.txt", Buffer.from("first"), { putPart: putTo })).response.status).toBe(201);
    const again = await sendFile(s, record.url, "same.txt", Buffer.from("second"), { putPart: putTo });
    expect(again.response.status).toBe(409);
    expect((await read(`${PREFIX}/acme/received/${record.linkId}/same.txt`))?.toString()).toBe("first");
    // The mover itself: an object already at the target stays as it was, and the source is kept.
    await store.put("incoming/acme/x/keep.txt", "new");
    await store.put(`${PREFIX}/acme/received/x/keep.txt`, "old");
    expect(await new S3Mover(sdk, bucket).move("incoming/acme/x/keep.txt", `${PREFIX}/acme/received/x/keep.txt`)).toBe("exists");
    expect((await read(`${PREFIX}/acme/received/x/keep.txt`))?.toString()).toBe("old");
    expect((await read("incoming/acme/x/keep.txt"))?.toString()).toBe("new");
  });

  it("above the single-copy limit, the move copies in parts and completes with If-None-Match", async () => {
    // A tiny limit stands in for S3's 5 GiB, so the emulator sees the part-by-part path.
    const bytes = randomBytes(5 * MIB + 5);
    const created = await sdk.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "incoming/acme/y/big.bin" }));
    const part = await sdk.send(new UploadPartCommand({ Bucket: bucket, Key: "incoming/acme/y/big.bin", UploadId: created.UploadId!, PartNumber: 1, Body: bytes, ContentLength: bytes.length }));
    await sdk.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "incoming/acme/y/big.bin", UploadId: created.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    const mover = new S3Mover(sdk, bucket, 5 * MIB, 1024);
    const outcome = await mover.move("incoming/acme/y/big.bin", `${PREFIX}/acme/received/y/big.bin`).catch((error: Error) => error);
    // fauxqs 1.9.2 has no UploadPartCopy: what the mover sent is what S3 would get.
    const copies = wire.requests.filter((r) => r.method === "PUT" && r.url.includes("partNumber=") && r.headers["x-amz-copy-source"] !== undefined);
    expect(copies.map((r) => r.headers["x-amz-copy-source-range"])).toEqual(expect.arrayContaining(["bytes=0-5242879"]));
    if (outcome === "moved") expect((await read(`${PREFIX}/acme/received/y/big.bin`))?.equals(bytes)).toBe(true);
  });
});
