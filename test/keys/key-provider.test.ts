import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyProvider } from "../../lib/keys/key-provider.js";
import { keyProviderFor } from "../../lib/keys/from-config.js";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { loadConfig } from "../../lib/config.js";
import { BOOTSTRAP_KEY_PAIR_ID, type KeyStore, type StoredKey } from "../../lib/keys/key-store.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { LocalKeyGroupAdmin } from "../../lib/keys/local-key-group.js";
import { LocalTrustedKeys } from "../../lib/keys/local-trusted-keys.js";
import { ecTestKey, rsaTestKey } from "../support/vectors.js";

const keyA: StoredKey = { keyPairId: "KAAAAAAAAAAAAA", type: "ecdsa", privateKeyPem: ecTestKey.privatePem, createdAt: "2030-01-01T00:00:00Z" };
const keyB: StoredKey = { keyPairId: "KBBBBBBBBBBBBB", type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: "2030-01-02T00:00:00Z" };

/** A key store that counts reads and has no change token (like Secrets Manager). */
function countingStore(initial: StoredKey) {
  let current = initial;
  let fail = false;
  const counter = { reads: 0 };
  const store = {
    location: "memory",
    active: async () => {
      counter.reads++;
      if (fail) throw new Error("Secrets Manager unavailable");
      return current;
    },
  } as unknown as KeyStore;
  return { store, counter, set: (key: StoredKey) => (current = key), failReads: (on: boolean) => (fail = on) };
}

describe("KeyProvider", () => {
  let now = 0;
  const clock = () => new Date(now);
  beforeEach(() => (now = Date.parse("2030-01-01T00:00:00Z")));

  it("reads the store once per refresh interval and reuses the parsed key", async () => {
    const s = countingStore(keyA);
    const provider = createKeyProvider({ store: s.store, clock, refreshMs: 60_000 });
    const first = await provider.current();
    s.set(keyB);
    now += 59_999;
    expect((await provider.current()).keyPairId).toBe("KAAAAAAAAAAAAA");
    expect((await provider.current()).privateKey).toBe(first.privateKey);
    expect(s.counter.reads).toBe(1);
    now += 1;
    expect(await provider.current()).toMatchObject({ keyPairId: "KBBBBBBBBBBBBB", type: "rsa" });
    expect(s.counter.reads).toBe(2);
  });

  it("re-reads at once on refresh()", async () => {
    const s = countingStore(keyA);
    const provider = createKeyProvider({ store: s.store, clock });
    await provider.current();
    s.set(keyB);
    expect((await provider.refresh()).keyPairId).toBe("KBBBBBBBBBBBBB");
  });

  it("shares one read between concurrent callers", async () => {
    const s = countingStore(keyA);
    const provider = createKeyProvider({ store: s.store, clock });
    await Promise.all([provider.current(), provider.current(), provider.current()]);
    expect(s.counter.reads).toBe(1);
  });

  it("keeps signing with the cached key when a re-read fails, and retries a few seconds later", async () => {
    const s = countingStore(keyA);
    const stale: string[] = [];
    const provider = createKeyProvider({ store: s.store, clock, refreshMs: 60_000, retryMs: 5_000, onStaleKey: (e) => stale.push(e.message) });
    await provider.current();
    s.failReads(true);
    now += 60_000;
    expect((await provider.current()).keyPairId).toBe("KAAAAAAAAAAAAA");
    expect(stale).toEqual(["Secrets Manager unavailable"]);
    now += 4_999;
    await provider.current();
    expect(s.counter.reads).toBe(2);
    s.failReads(false);
    s.set(keyB);
    now += 1;
    expect((await provider.current()).keyPairId).toBe("KBBBBBBBBBBBBB");
  });

  it("throws when the first read fails: there is no key to sign with", async () => {
    const s = countingStore(keyA);
    s.failReads(true);
    await expect(createKeyProvider({ store: s.store, clock }).current()).rejects.toThrow("Secrets Manager unavailable");
  });

  it("names the bootstrap key by the stack's bootstrapPublicKeyId, and refuses without it", async () => {
    const s = countingStore({ ...keyA, keyPairId: BOOTSTRAP_KEY_PAIR_ID });
    expect((await createKeyProvider({ store: s.store, clock, bootstrapPublicKeyId: "K2JCJMDEHXQW5F" }).current()).keyPairId).toBe("K2JCJMDEHXQW5F");
    await expect(createKeyProvider({ store: s.store, clock }).current()).rejects.toThrow(/SHARE_BOOTSTRAP_PUBLIC_KEY_ID/);
  });
});

describe("local key directory", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "keys-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("follows a rotation of the local store before the refresh interval, by the change of active.json", async () => {
    const store = new LocalKeyStore(dir);
    await store.activate(keyA);
    const provider = createKeyProvider({ store, clock: () => new Date(0), refreshMs: 60_000 });
    expect((await provider.current()).keyPairId).toBe("KAAAAAAAAAAAAA");
    await store.activate(keyB);
    expect((await provider.current()).keyPairId).toBe("KBBBBBBBBBBBBB");
  });

  it("local mode's configuration gives the provider of the data directory's key", async () => {
    const { key } = await initLocalKeys(localKeysDir(dir));
    const provider = keyProviderFor(loadConfig({ env: { SHARE_DATA_DIR: dir } }), () => new Date(0));
    expect((await provider.current()).keyPairId).toBe(key.keyPairId);
  });

  it("writes private keys 0600 and keeps the history", async () => {
    const store = new LocalKeyStore(dir);
    await store.activate(keyA);
    await store.activate(keyB);
    const { statSync } = await import("node:fs");
    expect(statSync(join(dir, "KBBBBBBBBBBBBB.private.pem")).mode & 0o777).toBe(0o600);
    expect(await store.history()).toEqual([
      { keyPairId: "KBBBBBBBBBBBBB", type: "rsa", createdAt: keyB.createdAt, active: true },
      { keyPairId: "KAAAAAAAAAAAAA", type: "ecdsa", createdAt: keyA.createdAt, active: false },
    ]);
    expect((await store.get("KAAAAAAAAAAAAA"))?.privateKeyPem).toBe(ecTestKey.privatePem);
  });

  it("the local edge's trusted keys follow trusted.json, checked at most every 500 ms", async () => {
    let now = 0;
    await writeFile(join(dir, "KAAAAAAAAAAAAA.public.pem"), ecTestKey.publicPem);
    await writeFile(join(dir, "KBBBBBBBBBBBBB.public.pem"), rsaTestKey.publicPem);
    const group = new LocalKeyGroupAdmin(dir);
    await group.writeTrusted(["KAAAAAAAAAAAAA"]);
    const trusted = new LocalTrustedKeys(dir, () => new Date(now));
    expect(trusted.trustedKey("KAAAAAAAAAAAAA")).toBeDefined();
    expect(trusted.trustedKey("KBBBBBBBBBBBBB")).toBeUndefined();
    await group.updateMembers(() => ["KBBBBBBBBBBBBB"]);
    now += 499;
    expect(trusted.trustedKey("KAAAAAAAAAAAAA")).toBeDefined();
    now += 1;
    expect(trusted.trustedKey("KAAAAAAAAAAAAA")).toBeUndefined();
    expect(trusted.trustedKey("KBBBBBBBBBBBBB")).toBeDefined();
  });
});
