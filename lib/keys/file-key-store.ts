import { readFile, stat } from "node:fs/promises";
import { keyTypeOf, loadPrivateKey } from "../signing/key-material.js";
import type { KeyHistoryEntry, KeyStore, PendingKey, StoredKey } from "./key-store.js";

/**
 * One fixed key from SHARE_KEY_PAIR_ID + SHARE_PRIVATE_KEY=file://PATH: read-only (rotate-keys needs
 * a local key directory or Secrets Manager), re-read when the file changes.
 */
export class FileKeyStore implements KeyStore {
  readonly location: string;

  constructor(
    private readonly keyPairId: string,
    private readonly path: string,
  ) {
    this.location = `file:${path}`;
  }

  async active(): Promise<StoredKey> {
    const where = `the private key ${this.path} (SHARE_PRIVATE_KEY)`;
    const [pem, created] = await Promise.all([readFile(this.path, "utf8"), stat(this.path)]).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${where}: ${error.code ?? error.message}`);
    });
    try {
      return { keyPairId: this.keyPairId, type: keyTypeOf(loadPrivateKey(pem)), privateKeyPem: pem, createdAt: created.mtime.toISOString() };
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }

  async get(keyPairId: string): Promise<StoredKey | undefined> {
    return keyPairId === this.keyPairId ? this.active() : undefined;
  }

  async history(): Promise<KeyHistoryEntry[]> {
    const { keyPairId, type, createdAt } = await this.active();
    return [{ keyPairId, type, createdAt, active: true }];
  }

  async changeToken(): Promise<string | undefined> {
    // An unreadable file has no token; active() then says what is wrong with it.
    const s = await stat(this.path).catch(() => undefined);
    return s && `${s.ino}:${s.mtimeMs}:${s.size}`;
  }

  activate(): Promise<void> {
    return Promise.reject(this.readOnly());
  }

  savePending(_key: PendingKey): Promise<void> {
    return Promise.reject(this.readOnly());
  }

  async pending(): Promise<PendingKey | undefined> {
    return undefined;
  }

  private readOnly() {
    return new Error(`${this.location} is a fixed key (SHARE_KEY_PAIR_ID/SHARE_PRIVATE_KEY); rotation needs SHARE_KEY_STORE=secretsmanager or local mode's key directory`);
  }
}
