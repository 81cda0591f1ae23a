import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "../../../lib/keys/generate.js";
import { CloudFrontKeyGroupAdmin } from "../../../lib/keys/key-group.js";
import { BOOTSTRAP_KEY_PAIR_ID, publicKeyPemOf } from "../../../lib/keys/key-store.js";
import { LocalKeyStore } from "../../../lib/keys/local-key-store.js";
import type { RotationDeps, RotationOptions } from "../../../lib/keys/rotation/context.js";
import { textProgress } from "../../../lib/keys/rotation/progress.js";
import { loadPublicKey } from "../../../lib/signing/key-material.js";
import { verifySignedUrl } from "../../../lib/signing/verify.js";
import { LocalObjectStore } from "../../../lib/storage/local-store.js";
import { FakeCloudFront } from "./fake-cloudfront.js";

export const PUBLIC_URL = "https://files.example.com";

/** Key generation is slow for RSA; the tests rotate with ECDSA keys. */
export const quickKeyPair = () => generateKeyPair("ecdsa");

/**
 * A rotation against the stateful CloudFront fake, a real local key store and object store, and a
 * fake edge that verifies probe URLs against the key group as CloudFront would (optionally lagging
 * behind it by a number of requests, like propagation). Time is a counter moved by sleep().
 */
export async function rotationFixture() {
  const root = await mkdtemp(join(tmpdir(), "rotation-"));
  const keysDir = join(root, "keys");
  const objects = new LocalObjectStore(join(root, "objects"));
  const keyStore = new LocalKeyStore(keysDir);
  const cloudFront = new FakeCloudFront();
  let now = Date.parse("2030-01-01T00:00:00Z");
  const clock = () => new Date(now);
  const sleep = async (ms: number) => {
    now += ms;
  };

  // The stack as keys:init + pulumi up leave it: a bootstrap key, trusted, stored under the placeholder id.
  const first = quickKeyPair();
  const bootstrapId = cloudFront.addPublicKey(first.publicKeyPem);
  const keyGroupId = cloudFront.addKeyGroup([bootstrapId]);
  await keyStore.activate({ keyPairId: BOOTSTRAP_KEY_PAIR_ID, type: "ecdsa", privateKeyPem: first.privateKeyPem, createdAt: clock().toISOString() });

  const keyGroup = new CloudFrontKeyGroupAdmin(cloudFront.client, { keyGroupId, distributionId: "EDFDVBD6EXAMPLE" });

  /** The edge's view of the key group; it catches up after `edgeLag` requests. */
  const edge = { lag: 0, view: [bootstrapId], behind: 0, requests: [] as { keyPairId: string; status: number }[], blocked: false };
  const fetch = async (url: string) => {
    // A geo restriction or web ACL that refuses this machine whatever the signature.
    if (edge.blocked) return { status: 403 };
    const members = cloudFront.members(keyGroupId);
    if (members.join() !== edge.view.join()) {
      if (edge.behind >= edge.lag) {
        edge.view = members;
        edge.behind = 0;
      } else edge.behind++;
    }
    const trustedKey = (id: string) => {
      const key = cloudFront.state.publicKeys.get(id);
      return edge.view.includes(id) && key ? loadPublicKey(key.encodedKey) : undefined;
    };
    const verdict = verifySignedUrl(url, { trustedKey, now: clock(), viewerIp: "192.0.2.1" });
    const status = verdict.allow ? 200 : 403;
    edge.requests.push({ keyPairId: new URL(url).searchParams.get("Key-Pair-Id") ?? "", status });
    return { status };
  };

  /** The active key id as a portal would resolve it, read straight from the files (usable inside sync hooks). */
  const activeKeyPairId = () => {
    const id = (JSON.parse(readFileSync(join(keysDir, "active.json"), "utf8")) as { keyPairId: string }).keyPairId;
    return id === BOOTSTRAP_KEY_PAIR_ID ? bootstrapId : id;
  };

  /** Called after every activation in the key store (the other half of the "active key is trusted" invariant). */
  const hooks: { afterActivate?: () => void } = {};
  const observedKeyStore: typeof keyStore = Object.assign(Object.create(keyStore) as typeof keyStore, {
    activate: async (key: Parameters<typeof keyStore.activate>[0]) => {
      await keyStore.activate(key);
      hooks.afterActivate?.();
    },
  });

  const output: string[] = [];
  const deps = (extra: Partial<RotationDeps> = {}): RotationDeps => ({
    keyStore: observedKeyStore,
    keyGroup,
    objects,
    probe: { publicUrl: PUBLIC_URL, originPrefix: "client_files", fetch },
    clock,
    sleep,
    progress: textProgress((text) => output.push(text), clock),
    bootstrapPublicKeyId: bootstrapId,
    generateKeyPair: quickKeyPair,
    ...extra,
  });
  const options = (extra: Partial<RotationOptions> = {}): RotationOptions => ({
    mode: "full",
    by: "ops@example.com",
    propagationWaitMs: 60_000,
    probeTimeoutMs: 600_000,
    invalidationTimeoutMs: 1_200_000,
    lockSettleMs: 0,
    ...extra,
  });

  return {
    root,
    keysDir,
    objects,
    keyStore,
    cloudFront,
    keyGroupId,
    bootstrapId,
    first,
    edge,
    clock,
    advance: (ms: number) => (now += ms),
    deps,
    options,
    output,
    hooks,
    activeKeyPairId,
    publicKeyPemOf,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
