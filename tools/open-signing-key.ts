import { readFile } from "node:fs/promises";
import type { Config } from "../lib/config.js";
import { loadPrivateKey } from "../lib/signing/key-material.js";
import type { SigningKey } from "../lib/signing/signer.js";
import { UsageError } from "./cli.js";

const HOW = "set SHARE_KEY_PAIR_ID=K... and SHARE_PRIVATE_KEY=file://PATH to the PEM private key";

/**
 * The signing key the command-line tools sign with: the configured key pair id and private key file.
 * (The one place to switch to lib/keys/key-provider.ts and the active local or Secrets Manager key.)
 */
export async function openSigningKey(config: Config): Promise<SigningKey> {
  const source = config.signingKey;
  if (source.store !== "local") throw new UsageError(`this command cannot read the key from Secrets Manager (${source.secretName}) yet: ${HOW}`);
  if (!source.keyPairId || !source.privateKeyPath) throw new UsageError(`no signing key is configured: ${HOW}`);
  const pem = await readFile(source.privateKeyPath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the private key ${source.privateKeyPath} (SHARE_PRIVATE_KEY): ${error.code ?? error.message}`);
  });
  try {
    return { keyPairId: source.keyPairId, privateKey: loadPrivateKey(pem) };
  } catch (error) {
    throw new UsageError(`${source.privateKeyPath} (SHARE_PRIVATE_KEY): ${(error as Error).message}`);
  }
}
