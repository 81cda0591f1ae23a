import type { Clock } from "../../clock.js";
import { newLinkId } from "../../publish/layout.js";
import { withLinkId } from "../../publish/link-id-param.js";
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
    // A fresh link id, never revoked, so the edge guard lets the probe through (docs/revocation.md).
    const probeUrl = withLinkId(`${target.publicUrl.replace(/\/+$/, "")}/${encodeKeyPath(PROBE_FILE_NAME)}`, newLinkId());
    const url = signUrl(probeUrl, key, {
      dateLessThan: new Date(options.clock().getTime() + 3_600_000),
    });
    try {
      const { status } = await target.fetch(url);
      if (status === expected) return attempt;
      if (status === 404) throw new Error(`the edge answered 404 for the probe object ${probeObjectKey(target.originPrefix)}: it is missing from the bucket (\`pulumi up\` creates it)`);
      last = `HTTP ${status}`;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      last = (error.cause as Error | undefined)?.message ?? error.message; // fetch failed: network error
    }
    if (options.clock().getTime() >= deadline) {
      throw new ProbeTimeoutError(`the edge still answered ${last} instead of ${expected} after ${attempt} attempts in ${Math.round(options.timeoutMs / 1000)} s`);
    }
    await options.sleep(delay);
    delay = Math.min(delay * 2, 15_000);
  }
}
