import { generateKeyPairSync, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import forge from "node-forge";
import type { KeyType } from "../signing/key-material.js";

export interface KeyPairPem {
  type: KeyType;
  /** RSA: PKCS#1 `RSA PRIVATE KEY` (what `aws cloudfront sign` reads); ECDSA: SEC1 `EC PRIVATE KEY`. */
  privateKeyPem: string;
  /** SPKI `PUBLIC KEY`, the form CloudFront's CreatePublicKey takes. */
  publicKeyPem: string;
}

/** A new CloudFront signing key pair: RSA-2048 through node-forge, or ECDSA P-256 through node:crypto. */
export function generateKeyPair(type: KeyType): KeyPairPem {
  if (type === "rsa") {
    // node-forge hands the work to node:crypto's native generator when it is there.
    const pair = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    return { type, privateKeyPem: forge.pki.privateKeyToPem(pair.privateKey), publicKeyPem: forge.pki.publicKeyToPem(pair.publicKey) };
  }
  const pair = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "sec1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { type, privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
}

/** A key pair id for keys that CloudFront has not numbered (local mode): K + 13 upper-case characters, like CloudFront's. */
export function localKeyPairId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return "KL" + [...randomBytes(12)].map((b) => alphabet[b % 32]).join("");
}

/** Creates a file that must not exist yet, with the given mode, in one step (no window with wider permissions). */
export async function writeNewFile(path: string, content: string, mode: number): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw new Error(`${path} already exists; refusing to overwrite a key (move it away first)`);
    throw error;
  });
  try {
    await handle.writeFile(content);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

export interface KeyFiles {
  privateKeyPath: string;
  publicKeyPath: string;
}

/** Writes `<dir>/<name>private_key.pem` (0600) and `<dir>/<name>public_key.pem` (0644); never overwrites. */
export async function writeKeyPair(dir: string, pair: KeyPairPem, name = ""): Promise<KeyFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const prefix = name ? `${name}-` : "";
  const files = { privateKeyPath: join(dir, `${prefix}private_key.pem`), publicKeyPath: join(dir, `${prefix}public_key.pem`) };
  await writeNewFile(files.privateKeyPath, pair.privateKeyPem, 0o600);
  await writeNewFile(files.publicKeyPath, pair.publicKeyPem, 0o644);
  return files;
}
