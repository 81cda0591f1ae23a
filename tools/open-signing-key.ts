import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { keyProviderFor } from "../lib/keys/from-config.js";
import type { ActiveSigningKey } from "../lib/keys/key-provider.js";
import { NoActiveKeyError } from "../lib/keys/key-store.js";
import { UsageError } from "./cli.js";

/**
 * The key the command-line tools sign with: the active key of the configured store (the local
 * key directory, Secrets Manager, or the fixed SHARE_KEY_PAIR_ID + SHARE_PRIVATE_KEY pair).
 * A missing or unreadable configured key is a usage error (exit 2); a failing AWS call is not.
 */
export async function openSigningKey(config: Config): Promise<ActiveSigningKey> {
  const signing = config.signingKey;
  const secretsManager = signing.store === "secretsmanager" ? new SecretsManagerClient(config.mode === "aws" && config.region ? { region: config.region } : {}) : undefined;
  try {
    return await keyProviderFor(config, systemClock, secretsManager ? { secretsManager } : {}).current();
  } catch (error) {
    const configuredFile = signing.store === "local" && signing.privateKeyPath !== undefined;
    if (configuredFile || error instanceof NoActiveKeyError) throw new UsageError((error as Error).message);
    throw error;
  }
}
