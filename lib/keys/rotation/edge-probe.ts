import type { Clock } from "../../clock.js";
import { newLinkId } from "../../links/layout.js";
import { withLinkId } from "../../links/link-id-param.js";
import { encodeKeyPath } from "../../signing/object-url.js";
import { signUrl, type SigningKey } from "../../signing/signer.js";
import type { ObjectStore } from "../../storage/object-store.js";

/** The object the probes fetch: directly under the shared folder (infra creates it as well). */
export const PROBE_FILE_NAME = "_rotation-probe.txt";
export const probeObjectKey = (originPrefix: string) => (originPrefix ? `${originPrefix}/${PROBE_FILE_NAME}` : PROBE_FILE_NAME);

export interface EdgeProbeTarget {
  /** Base URL the edge serves the shared folder at: https://files.example.com, or the local edge. */
  publicUrl: string;
  originPrefix: string;
  fetch(url: string): Promise<{ status: number }>;
}

export class ProbeTimeoutError extends Error {}

export interface WaitOptions {
  clock: Clock;
  sleep(ms: number): Promise<void>;
  timeoutMs: number;
  /** Called before every attempt (the rotation refreshes its lock there). */
  beforeAttempt?(): Promise<void>;
}

// A fresh link id each time, never revoked, so the edge guard lets the probe through (docs/revocation.md).
const probeUrl = (target: EdgeProbeTarget, key: SigningKey, clock: Clock) =>
  signUrl(withLinkId(`${target.publicUrl.replace(/\/+$/, "")}/${encodeKeyPath(PROBE_FILE_NAME)}`, newLinkId()), key, {
    dateLessThan: new Date(clock().getTime() + 3_600_000),
  });

export class EdgeBlockedError extends Error {}

/**
 * One probe signed with the key the edge already trusts, before anything changes. A 403 there is not about
 * keys: waiting for a new key would only time out, so it fails at once and says why. Network errors are
 * left to the probes that follow.
 */
export async function checkEdgeServesActiveKey(target: EdgeProbeTarget, activeKey: SigningKey, clock: Clock): Promise<void> {
  let status: number;
  try {
    ({ status } = await target.fetch(probeUrl(target, activeKey, clock)));
  } catch (error) {
    if (error instanceof TypeError) return;
    throw error;
  }
  if (status === 403) {
    throw new EdgeBlockedError(
      `the edge refuses a probe signed with the active key ${activeKey.keyPairId} (HTTP 403), so it would never accept the new one either: ` +
        "requests from this machine are blocked before the signature counts, by the distribution's geo restriction (signed-share:geoAllowlist) " +
        "or web ACL (signed-share:webAclArn), or the active key is not in the key group. Nothing was changed; run rotate-keys from an allowed network " +
        "(or give --edge-url of an edge it can reach).",
    );
  }
}

/** Writes the probe object when it is missing (tiny text, never cached). */
export async function ensureProbeObject(store: ObjectStore, originPrefix: string): Promise<void> {
  const key = probeObjectKey(originPrefix);
  if (await store.head(key)) return;
  await store.put(key, "signed-share edge probe\n", { contentType: "text/plain; charset=utf-8", cacheControl: "no-store" });
}

/**
 * Polls a probe URL signed with `key` until the edge answers `expected` (200: the key is trusted;
 * 403: it is not), backing off from 1 s to 15 s. Returns the number of attempts.
 */
export async function waitForEdge(target: EdgeProbeTarget, key: SigningKey, expected: 200 | 403, options: WaitOptions): Promise<number> {
  const deadline = options.clock().getTime() + options.timeoutMs;
  let delay = 1_000;
  let last = "no answer";
  for (let attempt = 1; ; attempt++) {
    await options.beforeAttempt?.();
    const url = probeUrl(target, key, options.clock);
    try {
      const { status } = await target.fetch(url);
      if (status === expected) return attempt;
      if (status === 404) throw new Error(`the edge at ${target.publicUrl} answered 404 for the probe object ${probeObjectKey(target.originPrefix)}: it is missing from the bucket (\`pulumi up\` creates it)`);
      last = `HTTP ${status}`;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      last = (error.cause as Error | undefined)?.message ?? error.message; // fetch failed: network error
    }
    if (options.clock().getTime() >= deadline) {
      throw new ProbeTimeoutError(`the edge at ${target.publicUrl} still answered ${last} instead of ${expected} after ${attempt} attempts in ${Math.round(options.timeoutMs / 1000)} s`);
    }
    await options.sleep(delay);
    delay = Math.min(delay * 2, 15_000);
  }
}
