import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { LOCK_KEY } from "../../lib/keys/rotation/lock.js";
import { readTrustedIds } from "../../lib/keys/local-trusted-keys.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runInProcess } from "../support/run-command.js";
import { runTool } from "../support/run-tool.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "key-tools-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));
const env = () => ({ SHARE_DATA_DIR: join(dir, "data") });

describe("npm run keys:init", () => {
  it("makes local mode's first key: private key 0600, trusted by the local edge, never printed", async () => {
    const result = await runInProcess(["keys:init"], { env: env() });
    expect(result.code).toBe(0);
    const keys = localKeysDir(join(dir, "data"));
    const active = await new LocalKeyStore(keys).active();
    expect(readTrustedIds(keys)).toEqual([active.keyPairId]);
    expect((await stat(join(keys, `${active.keyPairId}.private.pem`))).mode & 0o777).toBe(0o600);
    expect(result.stdout + result.stderr).not.toContain("PRIVATE KEY");
  });

  it("refuses to replace an existing key without --force", async () => {
    await runInProcess(["keys:init"], { env: env() });
    const again = await runInProcess(["keys:init"], { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has the active key K\w+; --force replaces it/);
    expect((await runInProcess(["keys:init", "--force"], { env: env() })).code).toBe(0);
  });

  it("for a stack with the local store: writes Pulumi.<stack>.yaml with the public key and keeps the private key out of it", async () => {
    await writeFile(join(dir, "Pulumi.staging.yaml"), "# staging\nconfig:\n  aws:region: eu-west-1\n");
    const result = await runTool("keys-init.ts", ["--stack", "staging", "--store", "local", "--type", "rsa"], { cwd: dir, env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const yaml = await readFile(join(dir, "Pulumi.staging.yaml"), "utf8");
    expect(yaml).toMatch(/^# staging\nconfig:\n  aws:region: eu-west-1\n  signed-share:signingPublicKey: \|\n    -----BEGIN PUBLIC KEY-----\n/);
    expect(yaml).not.toContain("PRIVATE");
    expect((await new LocalKeyStore(localKeysDir(join(dir, "data"))).active()).keyPairId).toBe("bootstrap");

    const again = await runTool("keys-init.ts", ["--stack", "staging", "--store", "local"], { cwd: dir, env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds the key bootstrap; .*Pulumi\.staging\.yaml already sets signed-share:signingPublicKey/);
  });

  it("rejects a bad --type with exit 2", async () => {
    const result = await runInProcess(["keys:init", "--type", "dsa"], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--type must be rsa or ecdsa/);
  });
});

describe("npm run rotate-keys (local mode)", () => {
  const init = () => runInProcess(["keys:init"], { env: env() });
  // The configured edge (EDGE_PORT 9, where nothing listens) is probed only if it answers; an explicit --edge-url must answer.
  const noEdge = () => ({ ...env(), EDGE_PORT: "9" });

  it("says it skips the probes when no local edge runs, and rotates the local key group", async () => {
    await init();
    const result = await runInProcess(["rotate-keys", "--yes", "--propagation-wait", "0s"], { env: noEdge() });
    expect(result.stderr).toMatch(/wait until the edge serves a URL signed with the new key \.\.\. done \(\d+\.\d s; skipped: no local edge answers at http:\/\/localhost:9/);
    expect(result.code).toBe(0);
    const keys = localKeysDir(join(dir, "data"));
    expect(readTrustedIds(keys)).toEqual([(await new LocalKeyStore(keys).active()).keyPairId]);
  });

  it("exits 4 while another rotation holds the lock", async () => {
    await init();
    const now = new Date().toISOString();
    await new LocalObjectStore(join(dir, "data")).put(LOCK_KEY, JSON.stringify({ owner: "x", by: "alice", host: "ops-1", pid: 42, acquiredAt: now, heartbeatAt: now }));
    const result = await runInProcess(["rotate-keys", "--yes", "--json"], { env: noEdge() });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/another rotation holds the lock \(alice on ops-1, pid 42.*--force-unlock/);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "locked" });
  });

  it("rejects --keep-old with --retire (exit 2)", async () => {
    const result = await runInProcess(["rotate-keys", "--keep-old", "--retire"], { env: noEdge() });
    expect(result.code).toBe(2);
  });

  it("fails with exit 1 and says to run keys:init when there is no key yet", async () => {
    const result = await runInProcess(["rotate-keys", "--yes"], { env: noEdge() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no signing key in dir:.*signed-share keys:init/);
  });
});
