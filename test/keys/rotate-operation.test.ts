// keys.rotate (lib/ops/keys/rotate.ts) in process: the rotation runs through runOperation on the
// composition root's key rotation (local mode: the key directory and the local edge's key group),
// so its audit entry, its refusals and its failures are those of every operation. The command's own
// door (confirmation on a terminal, exit codes, --json documents) is tested by rotate-keys-confirm and
// local-rotation.e2e.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { ShareError } from "../../lib/errors.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { createKeyRotation, type KeyRotation } from "../../lib/keys/rotation/from-config.js";
import { createServices } from "../../lib/ops/compose.js";
import type { Actor } from "../../lib/ops/operation.js";
import { ops } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";

const ADMIN: Actor = { name: "cli:rotator", role: "admin", via: "cli" };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rotate-op-"));
  await initLocalKeys(localKeysDir(join(dir, "data")));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Local mode's services with no edge answering (the probes are skipped), or the given key rotation. */
function world(wrap: (rotation: KeyRotation) => KeyRotation = (r) => r) {
  const data = join(dir, "data");
  const config = loadConfig({ env: { SHARE_DATA_DIR: data, SHARE_PUBLIC_URL: "http://127.0.0.1:9" } });
  const store = new LocalObjectStore(data);
  const keyRotation = wrap(createKeyRotation(config, { store, fetch: () => Promise.reject(new Error("no edge here")) }));
  return createServices(config, { clock: () => new Date(), store, keyRotation, mailer: null, activity: null });
}

const active = () => new LocalKeyStore(localKeysDir(join(dir, "data"))).active().then((key) => key.keyPairId);
const rotations = async (services: ReturnType<typeof world>) => (await services.auditLog.page({ action: "keys-rotated" }, { limit: 10 })).events;

describe("keys.rotate and keys.status", () => {
  it("rotates and writes one keys-rotated entry through the operations layer; not confirmed changes and audits nothing", async () => {
    const services = world();
    const before = await active();
    const aborted = await runOperation(ops.keys.rotate, services, { mode: "keep-old", propagationWait: "0" }, ADMIN, { confirm: async () => false });
    expect(aborted.status).toBe("aborted");
    expect(await active()).toBe(before);
    expect(await rotations(services)).toEqual([]);

    const plans: string[][] = [];
    const done = await runOperation(ops.keys.rotate, services, { mode: "keep-old", propagationWait: "0" }, ADMIN, { confirm: async (plan) => (plans.push(plan), true) });
    expect(plans).toHaveLength(1);
    expect(done).toMatchObject({ status: "kept-old", mode: "keep-old", oldKeyPairId: before });
    expect(await active()).toBe(done.activeKeyPairId);
    expect(await rotations(services)).toEqual([
      expect.objectContaining({ operation: "keys.rotate", outcome: "ok", actor: expect.objectContaining({ name: ADMIN.name, via: "cli" }), details: { mode: "keep-old", rotationId: done.rotationId, status: "kept-old", activeKeyPairId: done.activeKeyPairId } }),
    ]);
    expect(await runOperation(ops.keys.status, services, {}, ADMIN)).toMatchObject({ active: { keyPairId: done.activeKeyPairId, type: "ecdsa" }, rotation: { state: "finished", rotationId: done.rotationId, mode: "keep-old", startedBy: ADMIN.name } });
  });

  it("a failed step is an error carrying the rotation's summary, audited with the step", async () => {
    const services = world((rotation) => ({
      ...rotation,
      async open(options) {
        const parts = await rotation.open(options);
        const keyGroup = Object.create(parts.keyGroup) as typeof parts.keyGroup;
        keyGroup.updateMembers = async () => {
          throw new Error("injected: the key group cannot be changed");
        };
        return { ...parts, keyGroup };
      },
    }));
    const error = (await runOperation(ops.keys.rotate, services, { propagationWait: "0" }, ADMIN).catch((e: unknown) => e)) as ShareError;
    expect(error).toBeInstanceOf(ShareError);
    expect(error.partial).toMatchObject({ status: "failed", failedStep: expect.any(String), state: expect.any(String), next: expect.stringContaining("signed-share rotate-keys"), error: "injected: the key group cannot be changed" });
    const status = await runOperation(ops.keys.status, services, {}, ADMIN);
    expect(status.rotation).toMatchObject({ state: "unfinished", mode: "full" });
    expect(status.rotation.lock).toBeUndefined();
    expect(await rotations(services)).toEqual([expect.objectContaining({ outcome: "internal", details: { mode: "full", failedStep: error.partial!.failedStep as string, error: "injected: the key group cannot be changed" } })]);
  });

  it("is for admins and people only; a bad duration names its field", async () => {
    const services = world();
    await expect(runOperation(ops.keys.rotate, services, {}, { name: "olivia", role: "operator", via: "portal" })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(runOperation(ops.keys.rotate, services, {}, { name: "token:ci", role: "admin", via: "api", token: true })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(runOperation(ops.keys.rotate, services, { probeTimeout: "soon" }, ADMIN)).rejects.toMatchObject({ kind: "bad-input", field: "probeTimeout" });
    await expect(runOperation(ops.keys.rotate, services, { edgeUrl: "ftp://x" }, ADMIN)).rejects.toMatchObject({ kind: "bad-input", field: "edgeUrl" });
  });
});
