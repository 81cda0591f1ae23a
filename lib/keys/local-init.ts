import type { KeyType } from "../signing/key-material.js";
import { generateKeyPair, localKeyPairId } from "./generate.js";
import { activeOrUndefined, type StoredKey } from "./key-store.js";
import { LocalKeyGroupAdmin } from "./local-key-group.js";
import { LocalKeyStore } from "./local-key-store.js";

/**
 * The first key of local mode: generated, made active, and the only key the local edge trusts.
 * Returns the existing active key instead when there is one (unless `replace`).
 */
export async function initLocalKeys(dir: string, options: { type?: KeyType; replace?: boolean; now?: Date } = {}): Promise<{ key: StoredKey; created: boolean }> {
  const store = new LocalKeyStore(dir);
  const existing = await activeOrUndefined(store);
  if (existing && !options.replace) return { key: existing, created: false };
  const pair = generateKeyPair(options.type ?? "ecdsa");
  const key: StoredKey = { keyPairId: localKeyPairId(), type: pair.type, privateKeyPem: pair.privateKeyPem, createdAt: (options.now ?? new Date()).toISOString() };
  await store.activate(key);
  await new LocalKeyGroupAdmin(dir).writeTrusted([key.keyPairId]);
  return { key, created: true };
}
