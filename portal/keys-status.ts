import type { KeyStatusSource } from "./deps.js";

/** The parts of a lib/keys KeyStore the keys page reads (structural, so the portal does not depend on a store's internals). */
export interface KeyStoreView {
  readonly location: string;
  active(): Promise<{ keyPairId: string; type: string; createdAt?: string }>;
  history?(): Promise<{ keyPairId: string; type: string; createdAt: string; active: boolean }[]>;
}

/**
 * Adapts a key store to `PortalDeps.keys`, copying only public fields so that the private key
 * never reaches a view. `resolveId` maps a stored placeholder id (the bootstrap key) to the real one.
 */
export function keyStatusFrom(store: KeyStoreView, resolveId: (id: string) => string = (id) => id): KeyStatusSource {
  const source: KeyStatusSource = {
    async status() {
      const key = await store.active();
      return { keyPairId: resolveId(key.keyPairId), type: key.type, ...(key.createdAt ? { createdAt: key.createdAt } : {}), store: store.location };
    },
  };
  if (store.history) {
    const history = store.history.bind(store);
    source.history = async () =>
      (await history()).map((entry) => ({ keyPairId: resolveId(entry.keyPairId), type: entry.type, createdAt: entry.createdAt, active: entry.active }));
  }
  return source;
}
