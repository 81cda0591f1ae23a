import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { ProbeTimeoutError, waitForEdge } from "../../lib/keys/rotation/edge-probe.js";
import { LOCAL_MODE_FILE } from "../../lib/local-mode-state.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { rsaSigningKey } from "../support/vectors.js";
import { runInProcess } from "../support/run-command.js";
import { quietLogger } from "../../portal/logger.js";


/** The tools find a running local mode through its data directory, whatever ports it was given. */
describe("tools and a running local mode", { timeout: 120_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "local-discovery-"));
    const config = loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "discovery-password-1" } }) as LocalConfig;
    running = await startLocalMode(config, { logger: quietLogger });
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("local mode records where its edge and portal listen", () => {
    const record = JSON.parse(readFileSync(join(dataDir, LOCAL_MODE_FILE), "utf8")) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: process.pid, host: hostname(), edgeUrl: running!.edgeUrl, portalUrl: running!.portalUrl });
    expect(running!.edgeUrl).not.toMatch(/:3001$/);
  });

  it("issue signs for that edge (not the default port), and the link opens there", async () => {
    const result = await runInProcess(["issue", "acme-corp", "--expires", "1d"], { env: { SHARE_DATA_DIR: dataDir } });
    expect(result.code, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(url.startsWith(`${running!.edgeUrl}/acme-corp/`)).toBe(true);
    expect((await fetch(url)).status).toBe(200);
  });

  it("a record left by a process that is gone is ignored", async () => {
    const other = await mkdtemp(join(tmpdir(), "local-discovery-dead-"));
    try {
      const dead = spawnSync(process.execPath, ["-e", ""]).pid;
      await writeFile(join(other, LOCAL_MODE_FILE), JSON.stringify({ pid: dead, host: hostname(), startedAt: "", portalUrl: "http://localhost:1", edgeUrl: "http://localhost:1" }));
      const result = await runInProcess(["issue", "--list-clients", "--json"], { env: { SHARE_DATA_DIR: other } });
      expect(result.code, result.stderr).toBe(0);
      const { loadToolConfig } = await import("../../tools/cli.js");
      expect(loadToolConfig(undefined, { SHARE_DATA_DIR: other }).publicUrl).toBe("http://localhost:3001");
      expect(loadToolConfig(undefined, { SHARE_DATA_DIR: dataDir }).publicUrl).toBe(running!.edgeUrl);
      expect(loadToolConfig(undefined, { SHARE_DATA_DIR: dataDir, SHARE_PUBLIC_URL: "http://localhost:4444" }).publicUrl).toBe("http://localhost:4444");
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("stopping local mode removes the record", async () => {
    await running!.close();
    running = undefined;
    expect(existsSync(join(dataDir, LOCAL_MODE_FILE))).toBe(false);
  });
});

describe("edge probes", () => {
  it("a probe that times out names the URL it probed", async () => {
    let now = 0;
    const target = { publicUrl: "http://localhost:45678", originPrefix: "client_files", fetch: async () => Promise.reject(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") })) };
    const error = await waitForEdge(target, rsaSigningKey, 200, { clock: () => new Date(now), sleep: async (ms) => void (now += ms), timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeTimeoutError);
    expect((error as Error).message).toMatch(/^the edge at http:\/\/localhost:45678 still answered connect ECONNREFUSED instead of 200/);
  });
});
