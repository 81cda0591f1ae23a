import { mkdir, readFile, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { localKeyPairId } from "./generate.js";
import { TOOL_KEY_NAME_PREFIX, type KeyGroupAdmin, type NewPublicKey, type PublicKeyInfo } from "./key-group.js";
import { isMissingFile, writeFileAtomically } from "./local-key-files.js";
import { readTrustedIds, TRUSTED_FILE } from "./local-trusted-keys.js";

const REGISTRY_FILE = "public-keys.json";

interface RegisteredKey {
  callerReference: string;
  name: string;
  comment: string;
}

/** Error names as CloudFront's, so that callers treat both adapters alike. */
function cloudFrontLikeError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The key group of the local edge: trusted.json lists the trusted key ids, `<id>.public.pem` holds each
 * public key, public-keys.json remembers which ones a rotation created (and for which caller reference).
 * There is no cache in front of the local edge, so invalidation has nothing to do.
 */
export class LocalKeyGroupAdmin implements KeyGroupAdmin {
  readonly dir: string;
  readonly location: string;
  readonly hasCache = false;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.location = `local key group ${join(this.dir, TRUSTED_FILE)}`;
  }

  async members(): Promise<string[]> {
    return readTrustedIds(this.dir);
  }

  async updateMembers(change: (members: string[]) => string[]): Promise<string[]> {
    const next = change(await this.members());
    await this.writeTrusted(next);
    return next;
  }

  async writeTrusted(items: string[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomically(join(this.dir, TRUSTED_FILE), `${JSON.stringify({ items }, null, 2)}\n`, 0o600);
  }

  async createPublicKey(key: NewPublicKey): Promise<string> {
    const registry = await this.registry();
    const existing = Object.entries(registry).find(([, k]) => k.callerReference === key.callerReference);
    if (existing) return existing[0];
    const id = localKeyPairId();
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomically(join(this.dir, `${id}.public.pem`), key.publicKeyPem, 0o600);
    registry[id] = { callerReference: key.callerReference, name: key.name, comment: key.comment };
    await writeFileAtomically(join(this.dir, REGISTRY_FILE), `${JSON.stringify(registry, null, 2)}\n`, 0o600);
    return id;
  }

  async describePublicKey(id: string): Promise<PublicKeyInfo | undefined> {
    const registered = (await this.registry())[id];
    if (registered) return { id, name: registered.name, comment: registered.comment, createdByTool: registered.name.startsWith(TOOL_KEY_NAME_PREFIX) };
    try {
      await readFile(join(this.dir, `${id}.public.pem`));
      return { id, name: id, comment: "", createdByTool: false };
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
  }

  async deletePublicKey(id: string): Promise<void> {
    if ((await this.members()).includes(id)) throw cloudFrontLikeError("PublicKeyInUse", `public key ${id} is still in ${this.location}`);
    const registry = await this.registry();
    // The local key store shares this folder: a key the edge no longer trusts signs nothing anyone can
    // use, so its private half goes with its public key (its <id>.key.json stays as history).
    for (const file of [`${id}.public.pem`, `${id}.private.pem`]) {
      await unlink(join(this.dir, file)).catch((error: unknown) => {
        if (!isMissingFile(error)) throw error;
      });
    }
    if (registry[id]) {
      delete registry[id];
      await writeFileAtomically(join(this.dir, REGISTRY_FILE), `${JSON.stringify(registry, null, 2)}\n`, 0o600);
    }
  }

  async publicKeyCount(): Promise<number> {
    return Object.keys(await this.registry()).length;
  }

  async invalidateAll(): Promise<string | undefined> {
    return undefined;
  }

  async invalidationComplete(): Promise<boolean> {
    return true;
  }

  private async registry(): Promise<Record<string, RegisteredKey>> {
    try {
      return JSON.parse(await readFile(join(this.dir, REGISTRY_FILE), "utf8")) as Record<string, RegisteredKey>;
    } catch (error) {
      if (isMissingFile(error)) return {};
      throw error;
    }
  }
}
