// The bundled Lambda handler (dist/lambda.js) in AWS mode, started with exactly the environment the stack
// gives the function (infra/portal-service.ts, run under Pulumi mocks), against an S3 emulator (fauxqs) and a
// Secrets Manager, CloudFront and the revocation KeyValueStore on loopback: the session secret and the
// signing key come from Secrets Manager at cold start, the bucket and the KeyValueStore from the stack's
// outputs; uploads go through presigned S3 part URLs, never the function; a revocation reaches the
// KeyValueStore signed with SigV4A by the signer inside the bundle.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Dns from "node:dns";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { minimalConfig, PORTAL_API_ID, REGION, runProgram } from "../infra/harness.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { cookiesOf, formPost, httpApiEvent, type EventOptions, type HttpApiEvent, type HttpApiResult } from "../support/http-api-event.js";
import { rsaTestKey } from "../support/vectors.js";
import { restoreEnvironment } from "../support/environment.js";
import { copyLambdaBuild } from "../support/run-tool.js";

const PASSWORD = "correct horse battery staple";
const PORTAL_HOST = `${PORTAL_API_ID}.execute-api.${REGION}.amazonaws.com`;

/** Secrets Manager on loopback answering GetSecretValue for the secrets it holds; records what was read. */
async function fakeSecretsManager(secrets: Map<string, string>) {
  const read: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const action = String(req.headers["x-amz-target"] ?? "").replace("secretsmanager.", "");
      const input = JSON.parse(body || "{}") as { SecretId?: string; VersionStage?: string };
      const value = secrets.get(input.SecretId ?? "");
      const reply = (status: number, json: object) => res.writeHead(status, { "Content-Type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
      // One version per secret: AWSCURRENT; no AWSPREVIOUS.
      if (action === "GetSecretValue" && value !== undefined && (input.VersionStage ?? "AWSCURRENT") === "AWSCURRENT") {
        read.push(input.SecretId!);
        return reply(200, { Name: input.SecretId, SecretString: value, VersionId: "v1", VersionStages: ["AWSCURRENT"] });
      }
      return reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, read, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/**
 * CloudFront's control plane (CreateInvalidation) and the KeyValueStore API (Describe, ListKeys,
 * UpdateKeys with If-Match) on loopback, recording each request and its Authorization scheme.
 */
async function fakeCloudFront() {
  const requests: { method: string; path: string; authorization: string; body: string }[] = [];
  const keys = new Map<string, string>();
  let etag = 1;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
      requests.push({ method: req.method!, path, authorization: String(req.headers.authorization ?? ""), body });
      const json = (status: number, value: object) => res.writeHead(status, { "content-type": "application/json", etag: `E${etag}` }).end(JSON.stringify(value));
      if (/^\/2020-05-31\/distribution\/[^/]+\/invalidation$/.test(path)) {
        const xml = `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-30T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>0</Quantity></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>`;
        return res.writeHead(201, { "content-type": "text/xml", location: `${path}/I2J0I21PCUYOIK` }).end(xml);
      }
      const kvs = /^\/key-value-stores\/(arn:[^/]+\/[^/]+)(\/keys)?$/.exec(path);
      if (!kvs) return json(404, { message: `no route ${req.method} ${path}` });
      const size = () => [...keys].reduce((n, [k, v]) => n + k.length + v.length, 0);
      if (req.method === "GET" && !kvs[2]) return json(200, { KvsARN: kvs[1], ItemCount: keys.size, TotalSizeInBytes: size(), Created: 0 });
      if (req.method === "GET") return json(200, { Items: [...keys].map(([Key, Value]) => ({ Key, Value })) });
      if (req.headers["if-match"] !== `E${etag}`) return json(409, { message: "Pre-condition failed" });
      const change = JSON.parse(body) as { Puts?: { Key: string; Value: string }[]; Deletes?: { Key: string }[] };
      for (const d of change.Deletes ?? []) keys.delete(d.Key);
      for (const p of change.Puts ?? []) keys.set(p.Key, p.Value);
      etag++;
      return json(200, { ItemCount: keys.size, TotalSizeInBytes: size() });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { port: (server.address() as AddressInfo).port, requests, keys, close: () => new Promise<void>((done) => server.close(() => done())) };
}

// The KeyValueStore client puts the account id in front of the endpoint's host (123456789012.<host>), which
// no loopback name resolves: in this process, *.kvs.test resolves to 127.0.0.1.
const dns = createRequire(__filename)("node:dns") as typeof Dns;
const realLookup = dns.lookup;
function resolveTestHosts(): void {
  (dns as { lookup: unknown }).lookup = (host: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
    const opts = (typeof options === "object" && options !== null ? options : {}) as { all?: boolean };
    if (!/(^|\.)kvs\.test$/.test(host)) return (realLookup as (...args: unknown[]) => void)(host, options, callback);
    return opts.all ? done(null, [{ address: "127.0.0.1", family: 4 }]) : done(null, "127.0.0.1", 4);
  };
}

let tmp: string;
let cloudfront: Awaited<ReturnType<typeof fakeCloudFront>>;
let s3: FauxqsHandle;
let sm: Awaited<ReturnType<typeof fakeSecretsManager>>;
let functionEnv: Record<string, string>;
let handler: (event: HttpApiEvent) => Promise<HttpApiResult>;
const savedEnv = { ...process.env };
const logged: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lambda-aws-test-"));
  const program = await runProgram({ ...minimalConfig(), portal: "true" });
  functionEnv = {
    ...(program.one("aws:lambda/function:Function").inputs.environment.variables as Record<string, string>),
    // The mocks name every resource id "<name>-id"; CloudFront assigns ids like this one.
    SHARE_DISTRIBUTION_ID: "E2QWRUHEXAMPLE",
  };

  s3 = await startFauxqs();
  const bucket = await s3.createBucket(functionEnv.SHARE_BUCKET);
  const store = new S3ObjectStore(s3.client(), bucket);
  await new UserStore(store, () => new Date()).add("alice", "admin", PASSWORD);
  await store.put(`${functionEnv.SHARE_PREFIX}/acme/report.txt`, "quarterly numbers\n");
  await store.put(`${functionEnv.SHARE_PREFIX}/acme/invoices/march.pdf`, "%PDF-1.7 march\n");

  sm = await fakeSecretsManager(
    new Map([
      [functionEnv.PORTAL_SESSION_SECRET_ID!, randomBytes(48).toString("base64url")],
      [
        functionEnv.SHARE_SIGNING_KEY_SECRET!,
        JSON.stringify({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: "2026-01-01T00:00:00.000Z" }),
      ],
    ]),
  );

  cloudfront = await fakeCloudFront();
  resolveTestHosts();

  const dist = join(tmp, "dist");
  copyLambdaBuild(dist);

  // The project's settings of this machine stay out (the SDK's Node 20 notice stays off, as in every test).
  for (const name of Object.keys(process.env)) if (/^(SHARE_|AWS_|PORTAL_|OIDC_)/.test(name) && !name.startsWith("AWS_SDK_JS_")) delete process.env[name];
  Object.assign(process.env, functionEnv, {
    // What Lambda itself sets (AWS_REGION and the role's credentials), and where the AWS services are here.
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_ENDPOINT_URL_CLOUDFRONT: `http://cloudfront.kvs.test:${cloudfront.port}`,
    AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: `http://kvs.test:${cloudfront.port}`,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  handler = (createRequire(__filename)(join(dist, "lambda.js")) as { handler: typeof handler }).handler;
}, 180_000);

afterAll(async () => {
  vi.restoreAllMocks();
  restoreEnvironment(savedEnv);
  (dns as { lookup: unknown }).lookup = realLookup;
  await cloudfront?.close();
  await sm?.close();
  await s3?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const events = () => logged.flatMap((chunk) => chunk.split("\n")).filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
const on = (options: EventOptions = {}): EventOptions => ({ domainName: PORTAL_HOST, ...options });

async function session(): Promise<{ cookies: string[]; csrfToken: string }> {
  const signIn = await handler(formPost("/sign-in", { username: "alice", password: PASSWORD }, on({ base64: true })));
  expect(signIn.statusCode).toBe(303);
  const cookies = cookiesOf(signIn);
  const { csrfToken } = JSON.parse((await handler(httpApiEvent("GET", "/api/session", on({ cookies })))).body) as { csrfToken: string };
  return { cookies, csrfToken };
}

async function api(path: string, body: unknown, auth: { cookies: string[]; csrfToken: string }): Promise<{ status: number; json: any }> {
  const result = await handler(
    httpApiEvent("POST", path, on({ cookies: auth.cookies, headers: { "content-type": "application/json", "x-csrf-token": auth.csrfToken, accept: "application/json" }, body: JSON.stringify(body) })),
  );
  return { status: result.statusCode, json: JSON.parse(result.body) };
}

describe("dist/lambda.js with the function's environment from the stack", () => {
  it("starts in AWS mode on the stack's bucket, with both secrets read from Secrets Manager, none in the environment", async () => {
    const health = await handler(httpApiEvent("GET", "/healthz", on()));
    expect(health.statusCode).toBe(200);
    expect(events()).toContainEqual(
      expect.objectContaining({ event: "started", mode: "aws", storage: `s3://${functionEnv.SHARE_BUCKET}`, url: `https://${PORTAL_HOST}`, links: functionEnv.SHARE_PUBLIC_URL, host: "lambda" }),
    );
    expect(sm.read).toEqual(expect.arrayContaining([functionEnv.PORTAL_SESSION_SECRET_ID, functionEnv.SHARE_SIGNING_KEY_SECRET]));
    expect(functionEnv).not.toHaveProperty("PORTAL_SESSION_SECRET");
  });

  it("signs in (a Secure cookie for the portal's own host) and lists the bucket's clients", async () => {
    const signIn = await handler(formPost("/sign-in", { username: "alice", password: PASSWORD }, on({ base64: true })));
    expect(signIn.cookies?.[0]).toMatch(/^__Host-signed-share-session=[^;]+;.*; Secure/);
    const cookies = cookiesOf(signIn);
    const page = await handler(httpApiEvent("GET", "/clients", on({ cookies })));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("acme");
  });

  it("issues a link for a selection, signed with the key from Secrets Manager for the distribution's URL", async () => {
    const { cookies, csrfToken } = await session();
    const result = await handler(formPost("/clients/acme/links", { _csrf: csrfToken, expiry: "1d", mode: "per-file", only: "invoices" }, on({ cookies, base64: true })));
    expect(result.statusCode).toBe(303);
    const issued = await handler(httpApiEvent("GET", result.headers!.location!, on({ cookies })));
    const url = new RegExp(`${functionEnv.SHARE_PUBLIC_URL!.replace(/\./g, "\\.")}/acme/_links/([\\w-]+)\\.html\\?l=\\1&amp;Expires=\\d+&amp;Signature=[\\w~-]+&amp;Key-Pair-Id=${rsaTestKey.keyPairId}`);
    expect(issued.body).toMatch(url);
    const link = /\/links\/([\w-]+)\/issued/.exec(result.headers!.location!)![1]!;
    const record = (await s3.client().send(new GetObjectCommand({ Bucket: functionEnv.SHARE_BUCKET, Key: `portal/links/acme/${link}.json` }))).Body!;
    const stored = JSON.parse(await record.transformToString()) as { selection?: unknown; fileCount: number };
    expect(stored.fileCount).toBe(1); // invoices/march.pdf only, not report.txt
    expect(issued.body).toContain("<code>invoices/</code>");
  });

  it("revokes a link: its id goes to the stack's KeyValueStore, signed with SigV4A from inside the bundle", async () => {
    expect(functionEnv.SHARE_REVOCATION_STORE_ARN).toMatch(/^arn:aws:cloudfront::\d{12}:key-value-store\//);
    const { cookies, csrfToken } = await session();
    const issued = await handler(formPost("/clients/acme/links", { _csrf: csrfToken, expiry: "1d" }, on({ cookies, base64: true })));
    const linkId = /\/links\/([\w-]+)\/issued/.exec(issued.headers!.location!)![1]!;
    const revoked = await handler(formPost(`/links/${linkId}/revoke`, { _csrf: csrfToken }, on({ cookies, base64: true })));
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers?.location).toContain(`revoked=${linkId}`);
    expect([...cloudfront.keys.keys()].join(" ")).toContain(linkId);
    const updates = cloudfront.requests.filter((r) => r.method === "POST" && r.path === `/key-value-stores/${functionEnv.SHARE_REVOCATION_STORE_ARN}/keys`);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.authorization).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=/);
    expect(events()).toContainEqual(expect.objectContaining({ event: "link-revoked", linkId, refusedAtEdge: true }));
  });

  it("serves the tokens page to an admin", async () => {
    const { cookies } = await session();
    const page = await handler(httpApiEvent("GET", "/tokens", on({ cookies })));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/API tokens/i);
  });

  it("uploads through presigned S3 part URLs; the local part endpoint does not exist here", async () => {
    const auth = await session();
    const bytes = randomBytes(64 * 1024);
    const started = await api("/api/uploads", { client: "acme", path: "in/data.bin", size: bytes.length }, auth);
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ direct: true, partCount: 1 });
    const parts = await api("/api/uploads/parts", { upload: started.json.upload, client: "acme", partNumbers: [1] }, auth);
    expect(parts.status).toBe(200);
    const partUrl = parts.json.parts[0].url as string;
    expect(partUrl.startsWith(`${s3.endpoint}/${functionEnv.SHARE_BUCKET}/`)).toBe(true);
    expect(partUrl).toMatch(/X-Amz-Signature=/);

    // The browser's PUT goes to the bucket, not to the function.
    const put = await fetch(partUrl, { method: "PUT", body: bytes });
    expect(put.status).toBe(200);
    const done = await api("/api/uploads/complete", { upload: started.json.upload, client: "acme", parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] }, auth);
    expect(done).toMatchObject({ status: 201, json: { client: "acme", path: "in/data.bin", size: bytes.length } });
    const object = await s3.client().send(new GetObjectCommand({ Bucket: functionEnv.SHARE_BUCKET, Key: `${functionEnv.SHARE_PREFIX}/acme/in/data.bin` }));
    const sha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
    expect(sha(await object.Body!.transformToByteArray())).toBe(sha(bytes));

    const local = await handler(httpApiEvent("PUT", "/api/uploads/part?t=anything", on({ headers: { "content-type": "application/octet-stream" }, body: "x" })));
    expect(local.statusCode).toBe(404);
  });

  it("opens a file over Lambda's 6 MB response cap with a redirect to a short-lived presigned S3 URL, never its bytes", async () => {
    const { cookies } = await session();
    const bytes = randomBytes(7 * 1024 * 1024);
    const name = "big data (final) ü.bin";
    await new S3ObjectStore(s3.client(), functionEnv.SHARE_BUCKET!).put(`${functionEnv.SHARE_PREFIX}/acme/in/${name}`, bytes, { contentType: "application/octet-stream" });
    const opened = await handler(httpApiEvent("GET", `/clients/acme/open?path=${encodeURIComponent(`in/${name}`)}`, on({ cookies })));
    expect(opened.statusCode).toBe(302);
    expect(opened.body ?? "").toBe("");
    expect(opened.headers?.["cache-control"]).toBe("private, no-store");
    const location = new URL(opened.headers!.location!);
    expect(location.href.startsWith(`${s3.endpoint}/${functionEnv.SHARE_BUCKET}/`)).toBe(true);
    expect(location.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(location.searchParams.get("response-content-disposition")).toBe(`attachment; filename="big data (final) _.bin"; filename*=UTF-8''big%20data%20%28final%29%20%C3%BC.bin`);
    expect([...location.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(events()).toContainEqual(expect.objectContaining({ event: "file-opened", client: "acme", path: `in/${name}`, via: "presigned-url" }));

    // The browser follows it to the bucket.
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const missing = await handler(httpApiEvent("GET", "/clients/acme/open?path=in%2Fnope.bin", on({ cookies })));
    expect(missing.statusCode).toBe(404);
    const escape = await handler(httpApiEvent("GET", "/clients/acme/open?path=..%2Fglobex%2Fx", on({ cookies })));
    expect(escape.statusCode).toBe(400);
  });

  it("the upload page lets its script reach the bucket (CSP connect-src)", async () => {
    const { cookies } = await session();
    const page = await handler(httpApiEvent("GET", "/clients/acme/upload", on({ cookies })));
    expect(page.statusCode).toBe(200);
    expect(page.headers?.["content-security-policy"]).toContain(new URL(s3.endpoint).origin);
  });
});
