import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJournal } from "../../lib/keys/rotation/journal.js";
import { RotationFailedError, runRotation } from "../../lib/keys/rotation/runner.js";
import { stepsFor } from "../../lib/keys/rotation/steps.js";
import { rotationFixture } from "./support/rotation-fixture.js";

type Fixture = Awaited<ReturnType<typeof rotationFixture>>;
let f: Fixture;
let violations: string[];

beforeEach(async () => {
  f = await rotationFixture();
  violations = [];
  // The invariant, at every change CloudFront sees and every change of the key store: the key portals sign with is trusted by the group.
  const check = () => {
    const active = f.activeKeyPairId();
    const items = f.cloudFront.members(f.keyGroupId);
    if (!items.includes(active)) violations.push(`active ${active} not in [${items.join(", ")}]`);
  };
  f.cloudFront.onStateChange = check;
  f.hooks.afterActivate = check;
});
afterEach(() => f.cleanup());

class Crash extends Error {}

/** After the rotation: the new key is active and alone in the group, the old links are revoked, the journal is finished. */
async function expectFinished(rotationId: string) {
  const journal = await readJournal(f.objects);
  expect(journal).toMatchObject({ rotationId, finishedAt: expect.any(String) });
  expect(journal!.completed).toEqual(stepsFor.full.map((s) => s.name));
  expect(f.cloudFront.members(f.keyGroupId)).toEqual([f.activeKeyPairId()]);
  expect(f.activeKeyPairId()).toBe(journal!.newKeyPairId);
  expect([...f.cloudFront.state.publicKeys.keys()].filter((id) => id !== f.bootstrapId)).toEqual([journal!.newKeyPairId]);
}

describe("a rotation that dies is finished by the next run", () => {
  for (const step of stepsFor.full.map((s) => s.name)) {
    it(`after step ${step}`, async () => {
      const crashed = await runRotation(
        f.deps({
          afterStep: async (name) => {
            if (name === step) throw new Crash(`killed after ${step}`);
          },
        }),
        f.options(),
      ).catch((e: unknown) => e);
      expect(crashed).toBeInstanceOf(Crash);
      const journal = await readJournal(f.objects);
      expect(journal?.completed.at(-1)).toBe(step);

      // The next run is asked for something else: it still finishes the interrupted rotation, in its mode.
      const summary = await runRotation(f.deps(), f.options({ mode: "keep-old" }));
      expect(summary).toMatchObject({ resumed: true, rotationId: journal!.rotationId, status: "completed" });
      await expectFinished(journal!.rotationId);
      expect(f.cloudFront.calls.filter((c) => c.command === "CreatePublicKey").length).toBeLessThanOrEqual(2);
      expect(violations).toEqual([]);
    });
  }
});

describe("a CloudFront call that fails mid-step", () => {
  const cases: [string, string, string][] = [
    ["CreatePublicKey", "ServiceUnavailable", "create-key"],
    ["UpdateKeyGroup", "ServiceUnavailable", "add-to-group"],
    ["CreateInvalidation", "TooManyInvalidationsInProgress", "invalidate"],
    ["GetInvalidation", "Throttling", "invalidate"],
    ["DeletePublicKey", "ServiceUnavailable", "delete-old"],
  ];
  for (const [command, errorName, step] of cases) {
    it(`${command} failing with ${errorName} fails step ${step}, says the state and what to run; the next run finishes`, async () => {
      // The first rotation makes an old key that rotate-keys owns, so that delete-old has work to do.
      await runRotation(f.deps(), f.options());
      f.cloudFront.failNext(command, errorName);
      const error = await runRotation(f.deps(), f.options()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RotationFailedError);
      const failed = error as RotationFailedError;
      expect(failed.step).toBe(step);
      expect(failed.message).toMatch(new RegExp(`step "${step}" failed: ${errorName}\\n  state: .+\\n  next: fix the cause, then run \`signed-share rotate-keys\` again`));
      const rotationId = (await readJournal(f.objects))!.rotationId;
      await runRotation(f.deps(), f.options());
      await expectFinished(rotationId);
      expect(violations).toEqual([]);
    });
  }

  it("a key made by an attempt that died before CloudFront answered is created once (CallerReference), not twice", async () => {
    // CloudFront created the key but the answer was lost: the retry with the same CallerReference gets the same key.
    const original = f.cloudFront.handleCreatePublicKey.bind(f.cloudFront);
    let lost = true;
    f.cloudFront.handleCreatePublicKey = async (input) => {
      const result = await original(input);
      if (lost) {
        lost = false;
        throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
      }
      return result;
    };
    await expect(runRotation(f.deps(), f.options())).rejects.toBeInstanceOf(RotationFailedError);
    await runRotation(f.deps(), f.options());
    expect(f.cloudFront.state.publicKeys.size).toBe(2); // bootstrap + exactly one new key
  });
});
