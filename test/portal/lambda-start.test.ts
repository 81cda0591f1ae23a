// The Lambda entry's start: a failed start fails the request, and the next request starts again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { httpApiEvent } from "../support/http-api-event.js";
import { restoreEnvironment } from "../support/environment.js";

const savedEnv = { ...process.env };
const tmp = mkdtempSync(join(tmpdir(), "lambda-start-"));
afterAll(() => {
  vi.restoreAllMocks();
  restoreEnvironment(savedEnv);
  rmSync(tmp, { recursive: true, force: true });
});

it("logs a failed start, fails that request, and starts again on the next one", async () => {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
  for (const name of Object.keys(process.env)) if (/^(SHARE_|AWS_|PORTAL_|OIDC_)/.test(name)) delete process.env[name];
  const dataDir = join(tmp, "data");
  Object.assign(process.env, { SHARE_DATA_DIR: dataDir, PORTAL_SESSION_SECRET: "lambda-start-session-secret-0123456789" });

  // No signing key yet: the start fails.
  // A fresh module: it starts the portal from the environment once, when loaded (an earlier test file
  // of this worker may have loaded it with its own).
  vi.resetModules();
  const { handler } = await import("../../portal/lambda.js");
  await expect(handler(httpApiEvent("GET", "/healthz") as never)).rejects.toThrow(/no signing key/);
  expect(lines.join("")).toMatch(/"event":"start-failed"/);

  await initLocalKeys(localKeysDir(dataDir));
  const result = await handler(httpApiEvent("GET", "/healthz") as never);
  expect(result.statusCode).toBe(200);
  expect(lines.join("")).toMatch(/"event":"started"/);
});
