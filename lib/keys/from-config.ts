import type { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { ShareError } from "../errors.js";
import { FileKeyStore } from "./file-key-store.js";
import { CloudFrontKeyGroupAdmin, type KeyGroupAdmin } from "./key-group.js";
import type { KeyStore } from "./key-store.js";
import { createKeyProvider, type KeyProvider } from "./key-provider.js";
import { LocalKeyGroupAdmin } from "./local-key-group.js";
import { LocalKeyStore, localKeysDir } from "./local-key-store.js";
import { SecretsManagerKeyStore } from "./secrets-manager-key-store.js";

/** The key store the configuration names. AWS clients are created once by the caller and passed in. */
export function createKeyStore(config: Config, clients: { secretsManager?: SecretsManagerClient } = {}): KeyStore {
  const signing = config.signingKey;
  if (signing.store === "secretsmanager") {
    if (!clients.secretsManager) throw new Error("a Secrets Manager client is needed for SHARE_KEY_STORE=secretsmanager");
    return new SecretsManagerKeyStore(clients.secretsManager, signing.secretName);
  }
  if (signing.keyPairId && signing.privateKeyPath) return new FileKeyStore(signing.keyPairId, signing.privateKeyPath);
  if (config.mode === "local") return new LocalKeyStore(localKeysDir(config.dataDir));
  throw new ShareError("bad-input", "AWS mode needs a signing key: SHARE_KEY_STORE=secretsmanager with SHARE_SIGNING_KEY_SECRET (or the signingKeySecretName stack output), or SHARE_KEY_PAIR_ID with SHARE_PRIVATE_KEY");
}

/** The trusted key group a rotation changes: CloudFront's in AWS mode, trusted.json of the local edge in local mode. */
export function createKeyGroupAdmin(config: Config, clients: { cloudFront?: CloudFrontClient } = {}): KeyGroupAdmin {
  if (config.mode === "local") return new LocalKeyGroupAdmin(localKeysDir(config.dataDir));
  if (!config.keyGroupId) throw new Error("SHARE_KEY_GROUP_ID (stack output keyGroupId) is required to rotate keys in AWS mode");
  if (!clients.cloudFront) throw new Error("a CloudFront client is needed in AWS mode");
  return new CloudFrontKeyGroupAdmin(clients.cloudFront, {
    keyGroupId: config.keyGroupId,
    ...(config.distributionId ? { distributionId: config.distributionId } : {}),
  });
}

/** The portal's and the tools' signing key: the configured store's active key, following rotations. */
export function keyProviderFor(config: Config, clock: Clock, clients: { secretsManager?: SecretsManagerClient } = {}, refreshMs?: number): KeyProvider {
  return createKeyProvider({
    store: createKeyStore(config, clients),
    clock,
    ...(config.mode === "aws" && config.bootstrapPublicKeyId ? { bootstrapPublicKeyId: config.bootstrapPublicKeyId } : {}),
    ...(refreshMs !== undefined ? { refreshMs } : {}),
  });
}
