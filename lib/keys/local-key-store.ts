import { mkdir, readdir, readFile, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { KeyType } from "../signing/key-material.js";
import { isMissingFile, writeFileAtomically } from "./local-key-files.js";
import { NoActiveKeyError, publicKeyPemOf, type KeyHistoryEntry, type KeyStore, type PendingKey, type StoredKey } from "./key-store.js";

/** The keys directory of a local data directory. */
export const localKeysDir = (dataDir: string) => join(resolve(dataDir), "keys");

interface KeyMeta {
  keyPairId: string;
  type: KeyType;
  createdAt: string;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Keys in a directory: `<id>.private.pem`, `<id>.public.pem`, `<id>.key.json` (type, creation
 * time), `active.json` naming the active key, `pending.json` while a rotation runs; all 0600.
 * Every write is temp file + rename, so a reader never sees half a file.
 */
export class LocalKeyStore implements KeyStore {
  readonly dir: string;
  readonly location: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.location = `dir:${this.dir}`;
  }

  private path(name: string) {
    return join(this.dir, name);
  }

  private async readJson<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(name), "utf8")) as T;
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw new Error(`${this.path(name)} cannot be read: ${(error as Error).message}`);
    }
  }

  async active(): Promise<StoredKey> {
    const pointer = await this.readJson<{ keyPairId: string }>("active.json");
    if (!pointer) throw new NoActiveKeyError(this.location);
    const key = await this.get(pointer.keyPairId);
    if (!key) throw new Error(`${this.path("active.json")} names ${pointer.keyPairId}, whose private key is missing from ${this.dir}`);
    return key;
  }

  async get(keyPairId: string): Promise<StoredKey | undefined> {
    if (!SAFE_ID.test(keyPairId)) return undefined;
    const meta = await this.readJson<KeyMeta>(`${keyPairId}.key.json`);
    if (!meta) return undefined;
    try {
      return { ...meta, privateKeyPem: await readFile(this.path(`${keyPairId}.private.pem`), "utf8") };
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
  }

  async activate(key: StoredKey): Promise<void> {
    if (!SAFE_ID.test(key.keyPairId)) throw new Error(`"${key.keyPairId}" is not a key pair id`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.path(`${key.keyPairId}.private.pem`), key.privateKeyPem, 0o600);
    await writeFileAtomically(this.path(`${key.keyPairId}.public.pem`), publicKeyPemOf(key.privateKeyPem), 0o600);
    const meta: KeyMeta = { keyPairId: key.keyPairId, type: key.type, createdAt: key.createdAt };
    await writeFileAtomically(this.path(`${key.keyPairId}.key.json`), `${JSON.stringify(meta, null, 2)}\n`, 0o600);
    await writeFileAtomically(this.path("active.json"), `${JSON.stringify({ keyPairId: key.keyPairId, activatedAt: new Date().toISOString() }, null, 2)}\n`, 0o600);
    const pending = await this.readJson<PendingKey>("pending.json");
    if (pending && pending.privateKeyPem === key.privateKeyPem) await unlink(this.path("pending.json")).catch(() => undefined);
  }

  async savePending(key: PendingKey): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.path("pending.json"), `${JSON.stringify(key)}\n`, 0o600);
  }

  async pending(rotationId: string): Promise<PendingKey | undefined> {
    const pending = await this.readJson<PendingKey>("pending.json");
    return pending?.rotationId === rotationId ? pending : undefined;
  }

  async history(): Promise<KeyHistoryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw error;
    }
    const activeId = (await this.readJson<{ keyPairId: string }>("active.json"))?.keyPairId;
    const entries: KeyHistoryEntry[] = [];
    for (const name of names.filter((n) => n.endsWith(".key.json"))) {
      const meta = await this.readJson<KeyMeta>(name);
      if (meta) entries.push({ keyPairId: meta.keyPairId, type: meta.type, createdAt: meta.createdAt, active: meta.keyPairId === activeId });
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Changes whenever active.json is replaced (rename gives it a new inode). */
  async changeToken(): Promise<string | undefined> {
    try {
      const s = await stat(this.path("active.json"));
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch (error) {
      if (isMissingFile(error)) return "none";
      throw error;
    }
  }
}
