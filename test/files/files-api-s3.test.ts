import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { OPERATOR, portal, postJson, session, START, storeWithUsers, testClock, testPublisher, type TestPortal, type TestStore } from "../portal/fixture.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { uploadThroughApi } from "./upload-helper.js";
import { clientFilesOn } from "./subjects.js";

const sha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("files API, AWS mode against the S3 emulator", () => {
  let s3: FauxqsHandle;
  let proxy: FaultProxy;
  let base: TestStore;
  let p: TestPortal;
  let store: S3ObjectStore;
  let bucket: string;
  let operator: { cookie: string; token: string };
  const big = randomBytes(12 * 1024 * 1024 + 3);

  beforeAll(async () => {
    s3 = await startFauxqs();
    proxy = await startFaultProxy(s3.endpoint);
    bucket = await s3.createBucket();
    store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint }), bucket);
    base = await storeWithUsers();
    const users = new UserStore(store, () => START);
    await users.add(OPERATOR.name, "operator", OPERATOR.password);
    const time = testClock();
    p = portal(base, { store, users, publisher: testPublisher(store, time.clock), files: clientFilesOn(store) });
    operator = await session(p, OPERATOR);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
    await base?.cleanup();
  });

  it("hands out presigned part URLs; the parts go straight to S3 (three parts), and the object is byte-identical", async () => {
    const created = await p.app.request("/api/clients", postJson(operator, { client: "acme" }));
    expect(created.status).toBe(201);
    const portalPuts: string[] = [];
    const done = await uploadThroughApi(p, (body) => postJson(operator, body), "acme", "big file #1.bin", big, async (url, body) => {
      portalPuts.push(url);
      return fetch(url, { method: "PUT", body });
    });
    expect(done.status).toBe(201);
    expect(portalPuts).toHaveLength(3);
    for (const url of portalPuts) expect(url).toMatch(/X-Amz-Signature=.*|x-amz-signature=/i);
    const parts = proxy.requests.filter((r) => r.method === "PUT" && r.url.includes("partNumber="));
    expect(parts).toHaveLength(3);
    const create = proxy.requests.find((r) => r.method === "POST" && r.url.includes("uploads"));
    expect(create?.headers["content-disposition"]).toBe(`attachment; filename="big file #1.bin"; filename*=UTF-8''big%20file%20%231.bin`);
    const object = await store.get("client_files/acme/big file #1.bin");
    const chunks: Buffer[] = [];
    for await (const chunk of object!.body) chunks.push(chunk as Buffer);
    expect(sha(Buffer.concat(chunks))).toBe(sha(big));
  });

  it("resumes an interrupted upload: parts already sent are kept, the missing ones sent later, then completed", async () => {
    const data = randomBytes(11 * 1024 * 1024);
    const start = (await (await p.app.request("/api/uploads", postJson(operator, { client: "acme", path: "resumed.bin", size: data.length }))).json()) as { upload: string; partSize: number; partCount: number };
    const urls = async (numbers: number[]) =>
      ((await (await p.app.request("/api/uploads/parts", postJson(operator, { upload: start.upload, client: "acme", partNumbers: numbers }))).json()) as { parts: { partNumber: number; url: string; length: number }[] }).parts;
    const send = async (part: { partNumber: number; url: string; length: number }) => {
      const offset = (part.partNumber - 1) * start.partSize;
      const response = await fetch(part.url, { method: "PUT", body: data.subarray(offset, offset + part.length) });
      return { partNumber: part.partNumber, etag: response.headers.get("etag")! };
    };
    const first = await send((await urls([1]))[0]!);
    // ... the browser is closed here; later, with the saved upload token and part 1's ETag:
    const rest = await Promise.all((await urls([2, 3])).map(send));
    const done = await p.app.request("/api/uploads/complete", postJson(operator, { upload: start.upload, client: "acme", parts: [first, ...rest] }));
    expect(done.status).toBe(201);
    expect((await store.head("client_files/acme/resumed.bin"))?.size).toBe(data.length);
  });

  it("aborts an upload: S3 is told, and completing it afterwards fails", async () => {
    const start = (await (await p.app.request("/api/uploads", postJson(operator, { client: "acme", path: "dropped.bin", size: 10 }))).json()) as { upload: string };
    expect((await p.app.request("/api/uploads/abort", postJson(operator, { upload: start.upload, client: "acme" }))).status).toBe(200);
    expect(proxy.requests.some((r) => r.method === "DELETE" && r.url.includes("uploadId="))).toBe(true);
    expect(await store.head("client_files/acme/dropped.bin")).toBeUndefined();
  });
});
