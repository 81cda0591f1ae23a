import type { Clock } from "../clock.js";
import { loadPrivateKey, type KeyType } from "../signing/key-material.js";
import type { SigningKey } from "../signing/signer.js";
import { resolveKeyPairId, type KeyStore, type StoredKey } from "./key-store.js";

export type ActiveSigningKey = SigningKey & { type: KeyType };

/** The signing key for the portal and the tools, following rotations without a restart. */
export interface KeyProvider {
  /** The active key, from cache when it was read less than refreshMs ago (and, for the local store, active.json has not changed). */
  current(): Promise<ActiveSigningKey>;
  /** Re-reads the active key now. */
  refresh(): Promise<ActiveSigningKey>;
}

export interface KeyProviderOptions {
  store: KeyStore;
  /** How long a read key is trusted; a rotation waits this long before it removes the old key. Default 60 s. */
  refreshMs?: number;
  /** After a failed re-read, how long to keep signing with the cached key before trying again. Default 5 s. */
  retryMs?: number;
  clock: Clock;
  /** The stack's bootstrapPublicKeyId, for a key stored by keys:init before `pulumi up` numbered it. */
  bootstrapPublicKeyId?: string;
  /** Told when a re-read failed and the cached key is used meanwhile (never given the key). */
  onStaleKey?(error: Error): void;
}

export const DEFAULT_KEY_REFRESH_MS = 60_000;

export function createKeyProvider(options: KeyProviderOptions): KeyProvider {
  const refreshMs = options.refreshMs ?? DEFAULT_KEY_REFRESH_MS;
  const retryMs = options.retryMs ?? 5_000;
  let cached: { key: ActiveSigningKey; pem: string; token: string | undefined } | undefined;
  let freshUntil = 0;
  let inFlight: Promise<ActiveSigningKey> | undefined;

  const parse = (stored: StoredKey): ActiveSigningKey => {
    const keyPairId = resolveKeyPairId(stored.keyPairId, options.bootstrapPublicKeyId);
    // Parse the PEM only when it changed: the KeyObject is reused for every signature.
    if (cached && cached.pem === stored.privateKeyPem && cached.key.keyPairId === keyPairId) return cached.key;
    return { keyPairId, privateKey: loadPrivateKey(stored.privateKeyPem), type: stored.type };
  };

  const load = async (): Promise<ActiveSigningKey> => {
    const now = options.clock().getTime();
    try {
      const token = await options.store.changeToken?.();
      const stored = await options.store.active();
      const key = parse(stored);
      cached = { key, pem: stored.privateKeyPem, token };
      freshUntil = now + refreshMs;
      return key;
    } catch (error) {
      if (!cached) throw error;
      options.onStaleKey?.(error as Error);
      freshUntil = now + retryMs;
      return cached.key;
    }
  };

  const reload = () => {
    inFlight ??= load().finally(() => (inFlight = undefined));
    return inFlight;
  };

  return {
    async current() {
      if (cached && options.clock().getTime() < freshUntil) {
        const token = options.store.changeToken ? await options.store.changeToken().catch(() => cached?.token) : undefined;
        if (token === cached.token) return cached.key;
      }
      return reload();
    },
    refresh: reload,
  };
}
