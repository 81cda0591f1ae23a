// The bundled Lambda handler (dist/lambda.js) invoked with API Gateway HTTP API events, in local mode
// configuration: the same answers as the Node server, cookies and form bodies in the front door's format.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { bundle, LAMBDA_ENTRIES, REPO_ROOT } from "../../build/portal-bundle.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { API_DOMAIN, cookiesOf, formPost, httpApiEvent, SOURCE_IP, type HttpApiEvent, type HttpApiResult } from "../support/http-api-event.js";
import { restoreEnvironment } from "../support/environment.js";
import { copyLambdaBuild } from "../support/run-tool.js";

const PASSWORD = "correct horse battery staple";
let tmp: string;
let handler: (event: HttpApiEvent) => Promise<HttpApiResult>;
const savedEnv = { ...process.env };
let logged: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lambda-test-"));
  const dist = join(tmp, "dist");
  copyLambdaBuild(dist);

  const dataDir = join(tmp, "data");
  await initLocalKeys(localKeysDir(dataDir));
  const store = new LocalObjectStore(dataDir);
  await new UserStore(store, () => new Date()).add("alice", "admin", PASSWORD);
  await store.put("client_files/acme/report.txt", "quarterly numbers\n");

  for (const name of Object.keys(process.env)) if (/^(SHARE_|AWS_|PORTAL_|OIDC_)/.test(name)) delete process.env[name];
  Object.assign(process.env, {
    SHARE_DATA_DIR: dataDir,
    PORTAL_URL: `https://${API_DOMAIN}`,
    PORTAL_SESSION_SECRET: "lambda-test-session-secret-0123456789",
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  // Loaded as Lambda's Node runtime loads it: plain require of the handler file.
  handler = (createRequire(__filename)(join(dist, "lambda.js")) as { handler: typeof handler }).handler;
}, 120_000);

afterAll(() => {
  vi.restoreAllMocks();
  restoreEnvironment(savedEnv);
  rmSync(tmp, { recursive: true, force: true });
});

const events = () => logged.flatMap((chunk) => chunk.split("\n")).filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);

async function signIn(): Promise<string[]> {
  const result = await handler(formPost("/sign-in", { username: "alice", password: PASSWORD, next: "/clients" }, { base64: true }));
  expect(result.statusCode).toBe(303);
  return cookiesOf(result);
}

it("bundles to the same bytes every time, so an unchanged portal is no change at pulumi up", async () => {
  // Here, alone, and in the run's build, with every entry and in another process.
  const bundled = await bundle({ entries: LAMBDA_ENTRIES });
  for (const file of bundled) expect(file.text, file.name).toBe(readFileSync(join(inject("dist"), file.name), "utf8"));
  expect(bundled.map((f) => f.text).join("")).not.toContain(REPO_ROOT); // the same bytes from any checkout
}, 120_000);

describe("dist/lambda.js handler", () => {
  it("answers the health check", async () => {
    const result = await handler(httpApiEvent("GET", "/healthz"));
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(JSON.parse(result.body)).toEqual({ status: "ok" });
    expect(events()).toContainEqual(expect.objectContaining({ event: "started", mode: "local", url: `https://${API_DOMAIN}`, host: "lambda" }));
  });

  it("serves the sign-in page with the portal's security headers", async () => {
    const result = await handler(httpApiEvent("GET", "/sign-in", { headers: { "accept-language": "en" } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toMatch(/^text\/html/);
    expect(result.headers?.["strict-transport-security"]).toMatch(/max-age=/);
    expect(result.body).toContain('name="password"');
  });

  it("reads a sign-in form body sent as text, and refuses a wrong password", async () => {
    const result = await handler(formPost("/sign-in", { username: "alice", password: "not the password" }));
    expect(result.statusCode).toBe(401);
    expect(result.body).toContain("Wrong user name or password");
    expect(result.cookies ?? []).toEqual([]);
  });

  it("reads a base64-encoded form body and signs in with a Secure session cookie and a redirect", async () => {
    const result = await handler(formPost("/sign-in", { username: "alice", password: PASSWORD, next: "/clients" }, { base64: true }));
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe("/clients");
    expect(result.cookies).toHaveLength(1);
    expect(result.cookies![0]).toMatch(/^__Host-signed-share-session=[^;]+;.*HttpOnly/);
    expect(result.cookies![0]).toMatch(/; Secure/);
    expect(result.headers?.["set-cookie"]).toBeUndefined();
  });

  it("round-trips the session cookie through the event's cookies array", async () => {
    const cookies = await signIn();
    const session = await handler(httpApiEvent("GET", "/api/session", { cookies }));
    expect(session.statusCode).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ user: { name: "alice", role: "admin" } });
    const page = await handler(httpApiEvent("GET", "/clients", { cookies }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("acme");
  });

  it("redirects a signed-out visitor to sign-in, with the query string kept", async () => {
    const result = await handler(httpApiEvent("GET", "/links?status=active"));
    expect([302, 303]).toContain(result.statusCode);
    expect(result.headers?.location).toBe("/sign-in?next=%2Flinks%3Fstatus%3Dactive");
  });

  it("answers 404 for an unknown page", async () => {
    const result = await handler(httpApiEvent("GET", "/no/such/page", { cookies: await signIn() }));
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain("Not found");
  });

  it("serves a static asset as text with its cache validators, and 304 when unchanged", async () => {
    const result = await handler(httpApiEvent("GET", "/static/style.css"));
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(result.headers?.["content-type"]).toBe("text/css; charset=utf-8");
    expect(result.headers?.["cache-control"]).toContain("immutable");
    expect(result.body).toContain("signed-share portal");
    const etag = result.headers?.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await handler(httpApiEvent("GET", "/static/style.css", { headers: { "if-none-match": etag! } }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect((await handler(httpApiEvent("GET", "/static/../../package.json"))).statusCode).toBe(404);
  });

  it("serves every static file of the portal from inside the bundle (scripts, favicon)", async () => {
    for (const [file, type] of [
      ["copy.js", "text/javascript; charset=utf-8"],
      ["selection.js", "text/javascript; charset=utf-8"],
      ["part-uploader.js", "text/javascript; charset=utf-8"],
      ["upload.js", "text/javascript; charset=utf-8"],
      ["favicon.svg", "image/svg+xml"],
    ] as const) {
      const result = await handler(httpApiEvent("GET", `/static/${file}`));
      expect(result.statusCode, file).toBe(200);
      expect(result.headers?.["content-type"], file).toBe(type);
      expect(result.body.length, file).toBeGreaterThan(100);
    }
    expect((await handler(httpApiEvent("GET", "/favicon.ico"))).statusCode).toBe(301);
  });

  it("serves the client page with its selection boxes and script, and the tokens and upload pages", async () => {
    const cookies = await signIn();
    const client = await handler(httpApiEvent("GET", "/clients/acme", { cookies }));
    expect(client.statusCode).toBe(200);
    expect(client.body).toMatch(/name="only"/);
    expect(client.body).toMatch(/\/static\/selection\.js\?v=/);
    expect((await handler(httpApiEvent("GET", "/tokens", { cookies }))).statusCode).toBe(200);
    const upload = await handler(httpApiEvent("GET", "/clients/acme/upload", { cookies }));
    expect(upload.statusCode).toBe(200);
    expect(upload.body).toMatch(/\/static\/upload\.js\?v=/);
  });

  it("publishes a link through the signing workers bundled beside the handler", async () => {
    const cookies = await signIn();
    const { csrfToken } = JSON.parse((await handler(httpApiEvent("GET", "/api/session", { cookies }))).body) as { csrfToken: string };
    const result = await handler(formPost("/clients/acme/links", { _csrf: csrfToken, expiry: "1d" }, { cookies, base64: true }));
    expect(result.statusCode).toBe(303);
    const issued = await handler(httpApiEvent("GET", result.headers!.location!, { cookies }));
    expect(issued.body).toMatch(/http:\/\/localhost:3001\/acme\/_links\/([\w-]+)\.html\?l=\1&amp;Expires=\d+/);
  });

  it("a binary base64 body of another content type is refused as a failed sign-in, not a crash", async () => {
    const result = await handler(httpApiEvent("POST", "/sign-in", { headers: { "content-type": "application/octet-stream" }, body: "\u00ff\u0000\u00fe binary", base64: true }));
    expect(result.statusCode).toBe(401);
  });

  it("refuses a cross-site form post", async () => {
    const cookies = await signIn();
    const result = await handler(formPost("/clients/acme/links", { expiry: "1d" }, { cookies, headers: { origin: "https://evil.example" } }));
    expect(result.statusCode).toBe(403);
  });

  it("takes the client address from API Gateway's request context, never from X-Forwarded-For", async () => {
    logged = [];
    await handler(formPost("/sign-in", { username: "mallory", password: "wrong-password-1" }, { headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.23" }, sourceIp: SOURCE_IP }));
    const failed = events().find((e) => e.event === "sign-in-failed");
    expect(failed).toMatchObject({ user: "mallory", address: SOURCE_IP });
  });
});
