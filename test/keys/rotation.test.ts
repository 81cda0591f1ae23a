import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { linkRecordKey } from "../../lib/links/link-record.js";
import { JOURNAL_KEY, readJournal } from "../../lib/keys/rotation/journal.js";
import { LOCK_KEY, RotationLockedError } from "../../lib/keys/rotation/lock.js";
import { RotationFailedError, RotationRefusedError, runRotation } from "../../lib/keys/rotation/runner.js";
import { readStoreJson } from "../../lib/keys/rotation/store-json.js";
import { rotationFixture } from "./support/rotation-fixture.js";

type Fixture = Awaited<ReturnType<typeof rotationFixture>>;
let f: Fixture;
beforeEach(async () => {
  f = await rotationFixture();
});
afterEach(() => f.cleanup());

async function writeLink(linkId: string, keyPairId: string, revoked?: LinkRecord["revoked"]) {
  const record: LinkRecord = {
    linkId,
    client: "acme",
    url: `https://files.example.com/acme/_share/${linkId}.html?sig`,
    pageKey: `client_files/acme/_share/${linkId}.html`,
    issuedBy: "ops",
    issuedAt: "2029-12-01T00:00:00Z",
    expiresAt: "2030-06-01T00:00:00Z",
    keyPairId,
    hashAlgorithm: "SHA1",
    mode: "per-file",
    fileCount: 1,
    bytes: 10,
    ...(revoked ? { revoked } : {}),
  };
  await f.objects.put(linkRecordKey("acme", linkId), JSON.stringify(record));
}
const readLink = (linkId: string) => readStoreJson<LinkRecord>(f.objects, linkRecordKey("acme", linkId));

describe("rotate-keys against the CloudFront fake", () => {
  it("a very long --by still fits CloudFront's 128-character public-key comment", async () => {
    const by = `${"operator-with-a-very-long-name ".repeat(8)}😀 ops@example.com`;
    await runRotation(f.deps(), f.options({ by }));
    const created = [...f.cloudFront.state.publicKeys.values()].find((k) => k.name.startsWith("signed-share-rotation-"));
    expect(created?.comment.length).toBeLessThanOrEqual(128);
    expect(created?.comment).toMatch(/^signed-share rotate-keys \S+ by operator-with-a-very-long-name .*…$/);
  });

  it("rotates: the new key is active and alone in the key group, the old key's links are revoked, the bootstrap key is kept", async () => {
    await writeLink("old-link", f.bootstrapId);
    await writeLink("other-link", "KSOMEOTHERKEY");

    const summary = await runRotation(f.deps(), f.options());

    const newId = f.activeKeyPairId();
    expect(newId).not.toBe(f.bootstrapId);
    expect(f.cloudFront.members(f.keyGroupId)).toEqual([newId]);
    expect(summary).toMatchObject({ status: "completed", activeKeyPairId: newId, removedKeyPairIds: [f.bootstrapId], keptKeyPairIds: [f.bootstrapId], revokedLinks: 1 });
    expect((await readLink("old-link"))?.revoked).toMatchObject({ by: "ops@example.com", rotationId: summary.rotationId, reason: `key rotation ${summary.rotationId}` });
    expect((await readLink("other-link"))?.revoked).toBeUndefined();
    expect(f.cloudFront.state.publicKeys.has(f.bootstrapId)).toBe(true); // Pulumi owns it
    expect(f.cloudFront.state.invalidations.size).toBe(1);
    expect((await readJournal(f.objects))?.finishedAt).toBeDefined();
    expect(await f.objects.head(LOCK_KEY)).toBeUndefined();
  });

  it("deletes the old public key on the next rotation because rotate-keys created it", async () => {
    await runRotation(f.deps(), f.options());
    const second = f.activeKeyPairId();
    const summary = await runRotation(f.deps(), f.options());
    expect(summary.deletedKeyPairIds).toEqual([second]);
    expect(f.cloudFront.state.publicKeys.has(second)).toBe(false);
    expect(f.cloudFront.members(f.keyGroupId)).toEqual([f.activeKeyPairId()]);
  });

  it("fails the delete step with PublicKeyInUse when another key group still trusts the old key, after the rotation took effect", async () => {
    await runRotation(f.deps(), f.options());
    const second = f.activeKeyPairId();
    f.cloudFront.addKeyGroup([second], "some-other-distribution");
    const error = (await runRotation(f.deps(), f.options()).catch((e: unknown) => e)) as RotationFailedError;
    expect(error).toBeInstanceOf(RotationFailedError);
    expect(error.step).toBe("delete-old");
    expect(error.message).toMatch(/PublicKeyInUse/);
    expect(error.state).toMatch(/the rotation took effect: K\w+ is active and the only trusted key/);
    expect(f.cloudFront.members(f.keyGroupId)).toEqual([f.activeKeyPairId()]);
  });

  it("creates the public key with the rotation id as CallerReference and the tool's name prefix", async () => {
    const summary = await runRotation(f.deps({ newRotationId: () => "20300101T000000Z-abc123" }), f.options());
    const create = f.cloudFront.calls.find((c) => c.command === "CreatePublicKey")!;
    expect(create.input).toMatchObject({ PublicKeyConfig: { CallerReference: "20300101T000000Z-abc123", Name: "signed-share-rotation-20300101T000000Z-abc123" } });
    expect(summary.rotationId).toBe("20300101T000000Z-abc123");
  });

  it("shows every step with its elapsed time", async () => {
    await runRotation(f.deps(), f.options());
    const text = f.output.join("");
    expect(text).toMatch(/\[ 1\/11\] create the new key pair and its CloudFront public key \.\.\. done \(\d+\.\d s; K/);
    expect(text).toMatch(/\[ 5\/11\] wait until running portals sign with the new key \.\.\. done \(60\.0 s/);
    expect(text).toMatch(/\[11\/11\] delete the old public keys/);
  });

  it("with --keep-old stops after activation: both keys stay trusted and no link is revoked; --retire later removes the old key", async () => {
    await writeLink("old-link", f.bootstrapId);
    const kept = await runRotation(f.deps(), f.options({ mode: "keep-old" }));
    const newId = f.activeKeyPairId();
    expect(kept.status).toBe("kept-old");
    expect(f.cloudFront.members(f.keyGroupId)).toEqual([f.bootstrapId, newId]);
    expect((await readLink("old-link"))?.revoked).toBeUndefined();

    const retired = await runRotation(f.deps(), f.options({ mode: "retire" }));
    expect(retired).toMatchObject({ status: "completed", removedKeyPairIds: [f.bootstrapId], revokedLinks: 1 });
    expect(f.cloudFront.members(f.keyGroupId)).toEqual([newId]);
    expect(f.activeKeyPairId()).toBe(newId);
  });

  it("--retire with only the active key in the group has nothing to do", async () => {
    const summary = await runRotation(f.deps(), f.options({ mode: "retire" }));
    expect(summary.status).toBe("nothing-to-do");
    expect(f.cloudFront.calls.some((c) => c.command === "UpdateKeyGroup")).toBe(false);
  });

  it("refuses when the key group already holds 5 keys, before changing anything", async () => {
    const others = [1, 2, 3, 4].map(() => f.cloudFront.addPublicKey(f.first.publicKeyPem.replace("KEY", "KEY")));
    f.cloudFront.state.keyGroups.get(f.keyGroupId)!.items.push(...others);
    await expect(runRotation(f.deps(), f.options())).rejects.toThrow(/already holds 5 keys.*--retire/);
    expect(f.cloudFront.calls.filter((c) => c.command !== "GetKeyGroup")).toEqual([]);
    expect(await readJournal(f.objects)).toBeUndefined();
  });

  it("refuses when the account already has 10 public keys", async () => {
    for (let i = 0; i < 9; i++) f.cloudFront.addPublicKey(`key ${i}`);
    await expect(runRotation(f.deps(), f.options())).rejects.toThrow(/10 CloudFront public keys/);
    expect(f.cloudFront.calls.some((c) => c.command === "CreatePublicKey")).toBe(false);
  });

  it("refuses when the active key is not in the key group", async () => {
    const stranger = f.cloudFront.addPublicKey("other");
    f.cloudFront.state.keyGroups.get(f.keyGroupId)!.items = [stranger];
    await expect(runRotation(f.deps(), f.options())).rejects.toThrow(RotationRefusedError);
  });

  it("retries UpdateKeyGroup with a fresh ETag when someone changed the group meanwhile", async () => {
    let touched = false;
    f.cloudFront.beforeCommand = (command) => {
      if (command === "UpdateKeyGroup" && !touched) {
        touched = true;
        f.cloudFront.touchKeyGroup(f.keyGroupId);
      }
    };
    await runRotation(f.deps(), f.options());
    const updates = f.cloudFront.calls.filter((c) => c.command === "UpdateKeyGroup");
    expect(updates.length).toBe(3); // add (stale, then fresh) + remove
    expect(updates[0]!.input.IfMatch).not.toBe(updates[1]!.input.IfMatch);
  });

  it("activates the new key only after the edge served a URL signed with it, and finishes only after the edge denied an old-key URL", async () => {
    f.edge.lag = 3;
    let activatedAfter = -1;
    await runRotation(
      f.deps({
        afterStep: async (step) => {
          if (step === "activate") activatedAfter = f.edge.requests.length;
        },
      }),
      f.options(),
    );
    const newId = f.activeKeyPairId();
    const beforeActivation = f.edge.requests.slice(0, activatedAfter);
    expect(beforeActivation.filter((r) => r.keyPairId === newId).map((r) => r.status)).toEqual([403, 403, 403, 200]);
    expect(f.edge.requests.at(-1)).toEqual({ keyPairId: f.bootstrapId, status: 403 });
  });

  it("fails at once, changing nothing, when the edge refuses even the active key (geo restriction or web ACL)", async () => {
    f.edge.blocked = true;
    const started = f.clock().getTime();
    const error = await runRotation(f.deps(), f.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationFailedError);
    expect(String((error as Error).message)).toMatch(/refuses a probe signed with the active key .*geo restriction \(signed-share:geoAllowlist\) or web ACL/s);
    expect(f.clock().getTime() - started).toBeLessThan(60_000);
    expect(f.cloudFront.state.publicKeys.size).toBe(1);
    expect(f.cloudFront.members([...f.cloudFront.state.keyGroups.keys()][0]!)).toEqual([f.bootstrapId]);
  });

  it("fails the probe step when the edge never accepts the new key, saying the old key still works and what to run", async () => {
    f.edge.lag = 1_000_000;
    const error = await runRotation(f.deps(), f.options({ probeTimeoutMs: 30_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationFailedError);
    const failed = error as RotationFailedError;
    expect(failed.step).toBe("probe-new");
    expect(failed.message).toMatch(/still answered HTTP 403 instead of 200/);
    expect(failed.state).toMatch(new RegExp(`${f.bootstrapId} is still the active key, every link works`));
    expect(failed.next).toMatch(/run `signed-share rotate-keys` again: it finishes rotation/);
    expect(f.activeKeyPairId()).toBe(f.bootstrapId);
  });

  it("waits for the invalidation to complete", async () => {
    f.cloudFront.invalidationPolls = 3;
    await runRotation(f.deps(), f.options());
    const polls = f.cloudFront.calls.filter((c) => c.command === "GetInvalidation");
    expect(polls.length).toBe(4);
    expect(f.cloudFront.calls.find((c) => c.command === "CreateInvalidation")!.input).toMatchObject({
      DistributionId: "EDFDVBD6EXAMPLE",
      InvalidationBatch: { Paths: { Quantity: 1, Items: ["/*"] } },
    });
  });

  it("--dry-run shows the plan and changes nothing", async () => {
    const summary = await runRotation(f.deps(), f.options({ dryRun: true }));
    expect(summary.status).toBe("dry-run");
    expect(summary.plan.join("\n")).toMatch(/links signed with K\w+ will stop working/);
    expect(f.cloudFront.calls.filter((c) => !c.command.startsWith("Get") && !c.command.startsWith("List"))).toEqual([]);
    expect(await f.objects.head(JOURNAL_KEY)).toBeUndefined();
  });

  it("does nothing when the operator does not confirm", async () => {
    const summary = await runRotation(f.deps({ confirm: async () => false }), f.options());
    expect(summary.status).toBe("aborted");
    expect(f.cloudFront.calls.some((c) => c.command === "CreatePublicKey")).toBe(false);
  });
});

describe("two rotations at once", () => {
  it("refuses the second while the first holds the lock, then the first finishes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reachedProbe!: () => void;
    const atProbe = new Promise<void>((resolve) => (reachedProbe = resolve));
    const probe = f.deps().probe!;
    const first = runRotation(
      f.deps({
        probe: {
          ...probe,
          fetch: async (url) => {
            reachedProbe();
            await gate;
            return probe.fetch(url);
          },
        },
      }),
      f.options(),
    );
    await atProbe;
    const second = await runRotation(f.deps(), f.options()).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RotationLockedError);
    expect((second as Error).message).toMatch(/another rotation holds the lock and is running \(ops@example.com/);
    release();
    await expect(first).resolves.toMatchObject({ status: "completed" });
  });

  it("takes over a lock left by a run that died once it is stale, or at once with --force-unlock", async () => {
    const crash = new Error("killed");
    await expect(
      runRotation(f.deps({ afterStep: async (step) => { if (step === "add-to-group") throw crash; } }), f.options()),
    ).rejects.toBe(crash);
    // A killed process does not release its lock: put one back as it would have been left.
    await f.objects.put(LOCK_KEY, JSON.stringify({ owner: "dead", by: "ops@example.com", host: "h", pid: 1, acquiredAt: f.clock().toISOString(), heartbeatAt: f.clock().toISOString() }));
    await expect(runRotation(f.deps(), f.options())).rejects.toBeInstanceOf(RotationLockedError);
    await expect(runRotation(f.deps(), f.options({ forceUnlock: true }))).resolves.toMatchObject({ status: "completed", resumed: true });
  });

  it("takes over at once, and says so, a lock whose process is gone on this host", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid; // has exited by now
    const now = f.clock().toISOString();
    await f.objects.put(LOCK_KEY, JSON.stringify({ owner: "dead", by: "alice", host: hostname(), pid: dead, acquiredAt: now, heartbeatAt: now }));
    await expect(runRotation(f.deps(), f.options())).resolves.toMatchObject({ status: "completed" });
    expect(f.output.join("")).toContain(`took over the rotation lock of alice (pid ${dead} on ${hostname()}): its process ${dead} on this host is gone`);
  });

  it("while a run on this host holds the lock, says it is running (no --force-unlock, no 'finish the interrupted rotation')", async () => {
    const crash = new Error("killed");
    await expect(runRotation(f.deps({ afterStep: async (step) => { if (step === "add-to-group") throw crash; } }), f.options())).rejects.toBe(crash);
    const now = f.clock().toISOString();
    await f.objects.put(LOCK_KEY, JSON.stringify({ owner: "live", by: "alice", host: hostname(), pid: process.pid, acquiredAt: now, heartbeatAt: now }));
    f.output.length = 0;
    const refused = await runRotation(f.deps(), f.options()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RotationLockedError);
    expect((refused as Error).message).toMatch(/holds the lock and is running \(alice, pid \d+ on this host.*wait for it to finish/);
    expect((refused as Error).message).not.toContain("--force-unlock");
    expect(f.output.join("")).not.toMatch(/finish rotation/);
  });

  it("treats a lock not refreshed for the stale timeout as abandoned", async () => {
    await f.objects.put(LOCK_KEY, JSON.stringify({ owner: "dead", by: "x", host: "h", pid: 1, acquiredAt: f.clock().toISOString(), heartbeatAt: f.clock().toISOString() }));
    f.advance(16 * 60_000);
    await expect(runRotation(f.deps(), f.options())).resolves.toMatchObject({ status: "completed" });
  });
});
