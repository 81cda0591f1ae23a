import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { quietLogger } from "../../portal/logger.js";
import { runTool } from "../support/run-tool.js";

const password = "local-admin-password-123";

/** A signed-in API session against a running portal, over HTTP. */
async function signIn(portalUrl: string) {
  const response = await fetch(`${portalUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portalUrl },
    body: new URLSearchParams({ username: "admin", password }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const session = (await (await fetch(`${portalUrl}/api/session`, { headers: { Cookie: cookie } })).json()) as { csrfToken: string };
  return async function issue(): Promise<{ url: string; keyPairId: string }> {
    const issued = await fetch(`${portalUrl}/api/clients/acme-corp/links`, {
      method: "POST",
      headers: { Cookie: cookie, "X-CSRF-Token": session.csrfToken, "Content-Type": "application/json", Origin: portalUrl },
      body: JSON.stringify({ expires: "1d" }),
    });
    expect(issued.status).toBe(201);
    const body = (await issued.json()) as { url: string; link: { keyPairId: string } };
    return { url: body.url, keyPairId: body.link.keyPairId };
  };
}

describe("a running local-mode portal and npm run rotate-keys", () => {
  let dataDir: string;
  let running: RunningLocalMode;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "portal-rotation-"));
    const config = loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: password } }) as LocalConfig;
    running = await startLocalMode(config, { logger: quietLogger });
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("issues links with the new key after a rotation, without a restart, and the old link is denied", async () => {
    const issue = await signIn(running.portalUrl);
    const before = await issue();
    expect((await fetch(before.url)).status).toBe(200);

    const rotation = await runTool("rotate-keys.ts", ["--yes", "--json", "--edge-url", running.edgeUrl], { env: { SHARE_DATA_DIR: dataDir } });
    expect(rotation.code).toBe(0);
    const { activeKeyPairId } = JSON.parse(rotation.stdout) as { activeKeyPairId: string };
    expect(activeKeyPairId).not.toBe(before.keyPairId);

    const after = await issue();
    expect(after.keyPairId).toBe(activeKeyPairId);
    expect((await fetch(after.url)).status).toBe(200);
    expect((await fetch(before.url)).status).toBe(403);
  });
});
