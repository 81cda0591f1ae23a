// The Lambda handler (portal/lambda.ts, what dist/lambda.js bundles) with PORTAL_URL unset: API Gateway
// serves HTTPS only, so the session cookie must still be Secure and __Host-, and HSTS must be sent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { cookiesOf, formPost, httpApiEvent, type HttpApiEvent, type HttpApiResult } from "../support/http-api-event.js";
import { restoreEnvironment } from "../support/environment.js";

const PASSWORD = "lambda-cookie-password-1";
const savedEnv = { ...process.env };
const tmp = mkdtempSync(join(tmpdir(), "lambda-cookies-"));
let handler: (event: HttpApiEvent) => Promise<HttpApiResult>;

beforeAll(async () => {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const dataDir = join(tmp, "data");
  await initLocalKeys(localKeysDir(dataDir));
  await new UserStore(new LocalObjectStore(dataDir), () => new Date()).add("alice", "operator", PASSWORD);
  for (const name of Object.keys(process.env)) if (/^(SHARE_|AWS_|PORTAL_|OIDC_)/.test(name)) delete process.env[name];
  Object.assign(process.env, { SHARE_DATA_DIR: dataDir, PORTAL_SESSION_SECRET: "lambda-cookies-session-secret-0123456789" });
  // A fresh module: it starts the portal from the environment once, when loaded (an earlier test file
  // of this worker may have loaded it with its own).
  vi.resetModules();
  handler = (await import("../../portal/lambda.js")).handler as never;
});
afterAll(() => {
  vi.restoreAllMocks();
  restoreEnvironment(savedEnv);
  rmSync(tmp, { recursive: true, force: true });
});

/** Issue 21, item 7: without PORTAL_URL the Lambda portal set a plain `signed-share-session` cookie and no HSTS. */
describe("the Lambda portal without PORTAL_URL", () => {
  it("signs in with a Secure, HttpOnly __Host- cookie, which the next request is recognised by", async () => {
    expect(process.env.PORTAL_URL).toBeUndefined();
    const result = await handler(formPost("/sign-in", { username: "alice", password: PASSWORD, next: "/clients" }, { base64: true }));
    expect(result.statusCode).toBe(303);
    const session = (result.cookies ?? []).find((cookie) => cookie.includes("signed-share-session"));
    expect(session).toMatch(/^__Host-signed-share-session=/);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(session).not.toMatch(/Domain=/i);
    const clients = await handler(httpApiEvent("GET", "/clients", { cookies: cookiesOf(result) }));
    expect(clients.statusCode).toBe(200);
  });

  it("sends HSTS on every answer", async () => {
    for (const path of ["/sign-in", "/healthz"]) {
      const result = await handler(httpApiEvent("GET", path));
      expect(result.headers?.["strict-transport-security"], path).toMatch(/max-age=\d+/);
    }
  });
});
