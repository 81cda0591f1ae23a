import { createHash, createPublicKey } from "node:crypto";
import type { KeyType } from "../signing/key-material.js";

/** One signing key as a key store keeps it. */
export interface StoredKey {
  /** CloudFront public key id, or BOOTSTRAP_KEY_PAIR_ID before `pulumi up` has numbered the bootstrap key. */
  keyPairId: string;
  type: KeyType;
  privateKeyPem: string;
  createdAt: string;
}

/** A key made by a rotation that CloudFront has not numbered yet: kept so that a crash never loses it. */
export interface PendingKey {
  rotationId: string;
  type: KeyType;
  privateKeyPem: string;
  createdAt: string;
}

/** What history() shows: never the private key. */
export interface KeyHistoryEntry {
  keyPairId: string;
  type: KeyType;
  createdAt: string;
  active: boolean;
}

/**
 * Where the private signing keys live: a local directory or a Secrets Manager secret.
 * Exactly one key is active: the one the portal and the tools sign with.
 */
export interface KeyStore {
  /** For messages: "dir:/abs/keys" or "secretsmanager:NAME". */
  readonly location: string;
  /** The active key; throws NoActiveKeyError when the store has none yet. */
  active(): Promise<StoredKey>;
  /** A key by id (the active one or an earlier one), if the store still has it. */
  get(keyPairId: string): Promise<StoredKey | undefined>;
  /** Makes `key` the active key (the first key of keys:init, or a rotation's new key). */
  activate(key: StoredKey): Promise<void>;
  savePending(key: PendingKey): Promise<void>;
  pending(rotationId: string): Promise<PendingKey | undefined>;
  history(): Promise<KeyHistoryEntry[]>;
  /** Cheap token that changes whenever the active key may have changed (the local store stats a file); undefined when unknown. */
  changeToken?(): Promise<string | undefined>;
}

export class NoActiveKeyError extends Error {
  constructor(location: string) {
    super(`no signing key in ${location}: create one with \`signed-share keys:init\``);
  }
}

/** The active key, or undefined when the store is still empty. */
export async function activeOrUndefined(store: KeyStore): Promise<StoredKey | undefined> {
  try {
    return await store.active();
  } catch (error) {
    if (error instanceof NoActiveKeyError) return undefined;
    throw error;
  }
}

/**
 * keys:init for a stack cannot know the id CloudFront will give the bootstrap public key, so it
 * stores this placeholder; readers resolve it with the stack output `bootstrapPublicKeyId`.
 */
export const BOOTSTRAP_KEY_PAIR_ID = "bootstrap";

export function resolveKeyPairId(stored: string, bootstrapPublicKeyId: string | undefined): string {
  if (stored !== BOOTSTRAP_KEY_PAIR_ID) return stored;
  if (!bootstrapPublicKeyId) {
    throw new Error("the signing key is the stack's bootstrap key, whose id is not configured: set SHARE_BOOTSTRAP_PUBLIC_KEY_ID or pass the stack outputs (bootstrapPublicKeyId)");
  }
  return bootstrapPublicKeyId;
}

/** The SPKI public key PEM of a private key PEM (what CloudFront's CreatePublicKey takes). */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
}

/** The stack's secret name, as infra/naming.ts derives it (infra and lib do not import each other). */
export function signingKeySecretName(stack: string, project = "signed-share"): string {
  return `${project}/${stack}/signing-key`;
}

/** A deterministic idempotency token (32+ characters, as Secrets Manager wants) for one purpose of one rotation. */
export function idempotencyToken(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 40);
}
