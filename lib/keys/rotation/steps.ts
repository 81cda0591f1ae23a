import { generateKeyPair } from "../generate.js";
import { TOOL_KEY_NAME_PREFIX } from "../key-group.js";
import { publicKeyPemOf, resolveKeyPairId, BOOTSTRAP_KEY_PAIR_ID, type StoredKey } from "../key-store.js";
import { loadPrivateKey } from "../../signing/key-material.js";
import { revokeLinksSignedBy } from "../revoke-links.js";
import { LinkRecords } from "../../links/link-records.js";
import { pruneDenyList } from "../../revocation/prune.js";
import { checkEdgeServesActiveKey, ensureProbeObject, waitForEdge } from "./edge-probe.js";
import type { StepContext } from "./context.js";
import type { Journal, RotationMode } from "./journal.js";

export interface Step {
  name: string;
  title: string;
  /** Returns a note for the step line, or "skipped: why". */
  run(ctx: StepContext): Promise<string | void>;
  /** The state of the system when this step failed: what viewers see and what is safe. */
  stateOnFailure(journal: Journal): string;
}

const newId = (j: Journal) => j.newKeyPairId ?? "(new key, not yet created)";
const removed = (j: Journal) => (j.removedKeyPairIds?.length ? j.removedKeyPairIds.join(", ") : j.oldKeyPairId);

async function pendingKey(ctx: StepContext) {
  const pending = await ctx.deps.keyStore.pending(ctx.journal.rotationId);
  if (!pending) throw new Error(`the new private key of rotation ${ctx.journal.rotationId} is missing from ${ctx.deps.keyStore.location}`);
  return pending;
}

async function newStoredKey(ctx: StepContext): Promise<StoredKey> {
  const id = ctx.journal.newKeyPairId!;
  const kept = await ctx.deps.keyStore.get(id);
  if (kept) return kept;
  const pending = await pendingKey(ctx);
  return { keyPairId: id, type: pending.type, privateKeyPem: pending.privateKeyPem, createdAt: pending.createdAt };
}

/** The private key of a key id, also when the store still names it by the bootstrap placeholder. */
async function privateKeyOf(ctx: StepContext, keyPairId: string): Promise<StoredKey | undefined> {
  const found = await ctx.deps.keyStore.get(keyPairId);
  if (found || keyPairId !== ctx.deps.bootstrapPublicKeyId) return found;
  return ctx.deps.keyStore.get(BOOTSTRAP_KEY_PAIR_ID);
}

const waitOptions = (ctx: StepContext) => ({
  clock: ctx.deps.clock,
  sleep: ctx.deps.sleep,
  timeoutMs: ctx.options.probeTimeoutMs,
  beforeAttempt: () => ctx.lock.heartbeat(),
});

const createKey: Step = {
  name: "create-key",
  title: "create the new key pair and its CloudFront public key",
  async run(ctx) {
    const { journal, deps } = ctx;
    if (deps.probe && !journal.newKeyPairId) {
      // Before anything changes: an edge that refuses even the active key (geo restriction, web ACL) would
      // make the probe of the new key wait for its whole timeout.
      await ensureProbeObject(deps.objects, deps.probe.originPrefix);
      const active = await deps.keyStore.active();
      const activeKey = { keyPairId: resolveKeyPairId(active.keyPairId, deps.bootstrapPublicKeyId), privateKey: loadPrivateKey(active.privateKeyPem) };
      await checkEdgeServesActiveKey(deps.probe, activeKey, deps.clock);
    }
    let pending = await deps.keyStore.pending(journal.rotationId);
    if (!pending) {
      const pair = (deps.generateKeyPair ?? generateKeyPair)(journal.keyType);
      pending = { rotationId: journal.rotationId, type: pair.type, privateKeyPem: pair.privateKeyPem, createdAt: deps.clock().toISOString() };
      // Kept before CloudFront learns the public key: a crash after this point never loses the private key.
      await deps.keyStore.savePending(pending);
    }
    journal.newKeyPairId = await deps.keyGroup.createPublicKey({
      callerReference: journal.rotationId,
      name: `${TOOL_KEY_NAME_PREFIX}${journal.rotationId}`,
      publicKeyPem: publicKeyPemOf(pending.privateKeyPem),
      comment: rotationKeyComment(journal.rotationId, journal.startedBy),
    });
    return journal.newKeyPairId;
  },
  stateOnFailure: (j) => `nothing changed for viewers: ${j.oldKeyPairId} is still the active, trusted key; a new public key may exist in CloudFront but is not trusted yet`,
};

/** CloudFront refuses a public-key comment over 128 characters; `--by` is free text, so it is shortened. */
export function rotationKeyComment(rotationId: string, by: string): string {
  const full = `signed-share rotate-keys ${rotationId} by ${by}`;
  if (full.length <= 128) return full;
  const chars = Array.from(full); // never split a surrogate pair
  while (chars.join("").length > 127) chars.pop();
  return `${chars.join("")}…`;
}

const addToGroup: Step = {
  name: "add-to-group",
  title: "add the new key to the key group",
  async run(ctx) {
    const id = ctx.journal.newKeyPairId!;
    const members = await ctx.deps.keyGroup.updateMembers((items) => (items.includes(id) ? items : [...items, id]));
    return `members: ${members.join(", ")}`;
  },
  stateOnFailure: (j) => `${j.oldKeyPairId} is still the active, trusted key; every link works; ${newId(j)} may or may not be in the key group yet`,
};

const probeNew: Step = {
  name: "probe-new",
  title: "wait until the edge serves a URL signed with the new key",
  async run(ctx) {
    const { deps } = ctx;
    if (!deps.probe) return `skipped: ${deps.probeSkipReason ?? "no edge to probe"}`;
    await ensureProbeObject(deps.objects, deps.probe.originPrefix);
    const key = await newStoredKey(ctx);
    const attempts = await waitForEdge(deps.probe, { keyPairId: key.keyPairId, privateKey: loadPrivateKey(key.privateKeyPem) }, 200, waitOptions(ctx));
    return `served after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  },
  stateOnFailure: (j) => `${newId(j)} is in the key group but the edge has not accepted it yet; ${j.oldKeyPairId} is still the active key, every link works`,
};

const activate: Step = {
  name: "activate",
  title: "make the new key the active signing key",
  async run(ctx) {
    const id = ctx.journal.newKeyPairId!;
    // The invariant: never make a key active that the key group does not trust.
    if (!(await ctx.deps.keyGroup.members()).includes(id)) throw new Error(`${id} is not in ${ctx.deps.keyGroup.location}; refusing to make it active`);
    await ctx.deps.keyStore.activate(await newStoredKey(ctx));
    return `active key: ${id}`;
  },
  stateOnFailure: (j) => `both ${j.oldKeyPairId} and ${newId(j)} are trusted; the active key is one of them; every link works`,
};

const propagationWait: Step = {
  name: "propagation-wait",
  title: "wait until running portals sign with the new key",
  async run(ctx) {
    const ms = ctx.options.propagationWaitMs;
    if (ms <= 0) return "skipped: no wait asked for (portals re-read the key at once)";
    const until = ctx.deps.clock().getTime() + ms;
    while (ctx.deps.clock().getTime() < until) {
      await ctx.lock.heartbeat();
      await ctx.deps.sleep(Math.min(15_000, until - ctx.deps.clock().getTime()));
    }
    return `${Math.round(ms / 1000)} s for running portals to re-read the key`;
  },
  stateOnFailure: (j) => `${newId(j)} is active; ${j.oldKeyPairId} is still trusted; every link works`,
};

const removeOld: Step = {
  name: "remove-old",
  title: "remove the old keys from the key group (their links stop working)",
  async run(ctx) {
    const { journal, deps } = ctx;
    const keep = journal.newKeyPairId!;
    const active = resolveKeyPairId((await deps.keyStore.active()).keyPairId, deps.bootstrapPublicKeyId);
    if (active !== keep) throw new Error(`the active key is ${active}, not ${keep}; refusing to change the key group`);
    if (!journal.removedKeyPairIds) {
      journal.removedKeyPairIds = (await deps.keyGroup.members()).filter((id) => id !== keep);
      await ctx.save(); // fixed before the group changes, so a crash cannot forget which keys went
    }
    const gone = new Set(journal.removedKeyPairIds);
    const members = await deps.keyGroup.updateMembers((items) => items.filter((id) => !gone.has(id) || id === keep));
    return `removed ${journal.removedKeyPairIds.join(", ") || "nothing"}; members: ${members.join(", ")}`;
  },
  stateOnFailure: (j) => `${newId(j)} is active and trusted (new links work); ${removed(j)} may or may not have left the key group yet`,
};

const revokeRecords: Step = {
  name: "revoke-records",
  title: "mark the link records of the old keys revoked",
  async run(ctx) {
    const { journal, deps } = ctx;
    const marked = await revokeLinksSignedBy(deps.objects, {
      keyPairIds: journal.removedKeyPairIds ?? [],
      rotationId: journal.rotationId,
      by: journal.startedBy,
      now: deps.clock(),
    });
    journal.revokedLinks = (journal.revokedLinks ?? 0) + marked;
    return `${journal.revokedLinks} link record${journal.revokedLinks === 1 ? "" : "s"}`;
  },
  stateOnFailure: (j) => `${newId(j)} is active; ${removed(j)} left the key group (their links are refused); some link records may not show it yet`,
};

const probeOld: Step = {
  name: "probe-old",
  title: "wait until the edge denies a URL signed with an old key",
  async run(ctx) {
    const { journal, deps } = ctx;
    if (!deps.probe) return `skipped: ${deps.probeSkipReason ?? "no edge to probe"}`;
    const ids = [journal.oldKeyPairId, ...(journal.removedKeyPairIds ?? [])].filter((id) => journal.removedKeyPairIds?.includes(id));
    for (const id of ids) {
      const old = await privateKeyOf(ctx, id);
      if (!old) continue;
      const attempts = await waitForEdge(deps.probe, { keyPairId: id, privateKey: loadPrivateKey(old.privateKeyPem) }, 403, waitOptions(ctx));
      return `${id} denied after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
    }
    return "skipped: no removed key's private key is kept to sign a probe";
  },
  stateOnFailure: (j) => `${newId(j)} is active; ${removed(j)} left the key group, but the edge still accepted an old-key URL when the wait ended (CloudFront propagation)`,
};

const pruneRevocations: Step = {
  name: "prune-revocations",
  title: "prune the revocation list of links the old keys signed and of expired links",
  async run(ctx) {
    const { journal, deps } = ctx;
    if (!deps.denyList) return "skipped: no revocation list (SHARE_REVOCATION_STORE_ARN unset)";
    // Safe only now: the edge refuses every URL of the removed keys by its signature (probe-old).
    const removed = new Set(journal.removedKeyPairIds ?? []);
    const records = await new LinkRecords({ store: deps.objects, clock: deps.clock }).list();
    const signedByRemoved = new Set(records.filter((r) => removed.has(r.keyPairId)).map((r) => r.linkId));
    const pruned = await pruneDenyList(deps.denyList, deps.clock(), (linkId) => signedByRemoved.has(linkId));
    return `${pruned.length} id${pruned.length === 1 ? "" : "s"} removed from ${deps.denyList.location}`;
  },
  stateOnFailure: (j) => `${newId(j)} is active; old links are refused; the revocation list may still hold ids of dead links (run: signed-share links prune)`,
};

const invalidate: Step = {
  name: "invalidate",
  title: "invalidate cached pages",
  async run(ctx) {
    const { journal, deps } = ctx;
    if (!deps.keyGroup.hasCache) return "skipped: no CloudFront distribution configured (local edge, or SHARE_DISTRIBUTION_ID unset)";
    if (!journal.invalidationId) {
      const id = await deps.keyGroup.invalidateAll(journal.rotationId);
      if (!id) return "skipped: nothing to invalidate";
      journal.invalidationId = id;
      await ctx.save();
    }
    const deadline = deps.clock().getTime() + ctx.options.invalidationTimeoutMs;
    let delay = 2_000;
    while (!(await deps.keyGroup.invalidationComplete(journal.invalidationId))) {
      if (deps.clock().getTime() >= deadline) throw new Error(`invalidation ${journal.invalidationId} is still in progress after ${Math.round(ctx.options.invalidationTimeoutMs / 1000)} s`);
      await ctx.lock.heartbeat();
      await deps.sleep(delay);
      delay = Math.min(delay * 2, 20_000);
    }
    return `invalidation ${journal.invalidationId} completed`;
  },
  stateOnFailure: (j) => `${newId(j)} is active; old links are refused; cached pages may be served until invalidation ${j.invalidationId ?? "(not created)"} completes`,
};

const deleteOld: Step = {
  name: "delete-old",
  title: "delete the old public keys that rotate-keys created",
  async run(ctx) {
    const { journal, deps } = ctx;
    const deleted = new Set(journal.deletedKeyPairIds ?? []);
    const kept = new Set(journal.keptKeyPairIds ?? []);
    for (const id of journal.removedKeyPairIds ?? []) {
      if (deleted.has(id) || kept.has(id)) continue;
      const info = await deps.keyGroup.describePublicKey(id);
      if (info && !info.createdByTool) {
        kept.add(id); // the bootstrap key belongs to Pulumi (locally: to keys:init)
        continue;
      }
      if (info) await deps.keyGroup.deletePublicKey(id);
      deleted.add(id);
      journal.deletedKeyPairIds = [...deleted];
      await ctx.save();
    }
    journal.deletedKeyPairIds = [...deleted];
    journal.keptKeyPairIds = [...kept];
    const parts = [`deleted ${journal.deletedKeyPairIds.join(", ") || "none"}`];
    if (kept.size) parts.push(`kept ${[...kept].join(", ")} (not created by rotate-keys: the stack's bootstrap key, which Pulumi owns, or local mode's first key)`);
    return parts.join("; ");
  },
  stateOnFailure: (j) => `the rotation took effect: ${newId(j)} is active and the only trusted key; some old public keys still exist in CloudFront (they count toward the 10-key quota)`,
};

const retireSteps = [removeOld, revokeRecords, probeOld, pruneRevocations, invalidate, deleteOld];

export const stepsFor: Record<RotationMode, Step[]> = {
  full: [createKey, addToGroup, probeNew, activate, propagationWait, ...retireSteps],
  "keep-old": [createKey, addToGroup, probeNew, activate, propagationWait],
  retire: retireSteps,
};
