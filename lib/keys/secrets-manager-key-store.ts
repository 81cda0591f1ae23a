import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { KeyType } from "../signing/key-material.js";
import { idempotencyToken, NoActiveKeyError, type KeyHistoryEntry, type KeyStore, type PendingKey, type StoredKey } from "./key-store.js";

/** Version label of a rotation's new key until it becomes AWSCURRENT. */
export const PENDING_STAGE = "SIGNED_SHARE_PENDING";

interface SecretValue {
  keyPairId?: string;
  rotationId?: string;
  type: KeyType;
  privateKeyPem: string;
  createdAt: string;
}

const isNotFound = (error: unknown) => (error as Error | undefined)?.name === "ResourceNotFoundException";

/**
 * One secret per stack holding `{keyPairId, type, privateKeyPem, createdAt}` as JSON. AWSCURRENT is the
 * active key; every activation is a new version (AWSPREVIOUS keeps the one before), so the versions
 * are the history. A rotation's new key waits under the SIGNED_SHARE_PENDING label.
 */
export class SecretsManagerKeyStore implements KeyStore {
  readonly location: string;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {
    this.location = `secretsmanager:${secretId}`;
  }

  private async read(selector: { VersionStage?: string; VersionId?: string }): Promise<SecretValue | undefined> {
    try {
      const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, ...selector }));
      return result.SecretString ? (JSON.parse(result.SecretString) as SecretValue) : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async active(): Promise<StoredKey> {
    const value = await this.read({});
    if (!value?.keyPairId) throw new NoActiveKeyError(this.location);
    return storedKey(value);
  }

  async get(keyPairId: string): Promise<StoredKey | undefined> {
    for (const VersionStage of ["AWSCURRENT", "AWSPREVIOUS"]) {
      const value = await this.read({ VersionStage });
      if (value?.keyPairId === keyPairId) return storedKey(value);
    }
    for (const VersionId of await this.versionIds()) {
      const value = await this.read({ VersionId });
      if (value?.keyPairId === keyPairId) return storedKey(value);
    }
    return undefined;
  }

  async activate(key: StoredKey): Promise<void> {
    const SecretString = JSON.stringify({ keyPairId: key.keyPairId, type: key.type, privateKeyPem: key.privateKeyPem, createdAt: key.createdAt });
    // Same key, same token: a retried activation adds no second version.
    const ClientRequestToken = idempotencyToken("activate", key.keyPairId, key.createdAt);
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: this.secretId, SecretString, ClientRequestToken }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(
        new CreateSecretCommand({
          Name: this.secretId,
          Description: "signed-share CloudFront signing key (written by keys:init and rotate-keys)",
          SecretString,
          ClientRequestToken,
        }),
      );
    }
  }

  async savePending(key: PendingKey): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: this.secretId,
        SecretString: JSON.stringify({ rotationId: key.rotationId, type: key.type, privateKeyPem: key.privateKeyPem, createdAt: key.createdAt }),
        VersionStages: [PENDING_STAGE],
        ClientRequestToken: idempotencyToken("pending", key.rotationId),
      }),
    );
  }

  async pending(rotationId: string): Promise<PendingKey | undefined> {
    const value = await this.read({ VersionStage: PENDING_STAGE });
    if (value?.rotationId !== rotationId) return undefined;
    return { rotationId, type: value.type, privateKeyPem: value.privateKeyPem, createdAt: value.createdAt };
  }

  async history(): Promise<KeyHistoryEntry[]> {
    const current = await this.read({});
    const entries: KeyHistoryEntry[] = [];
    for (const VersionId of await this.versionIds()) {
      const value = await this.read({ VersionId });
      if (!value?.keyPairId || entries.some((e) => e.keyPairId === value.keyPairId)) continue;
      entries.push({ keyPairId: value.keyPairId, type: value.type, createdAt: value.createdAt, active: value.keyPairId === current?.keyPairId });
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private async versionIds(): Promise<string[]> {
    try {
      const described = await this.client.send(new DescribeSecretCommand({ SecretId: this.secretId }));
      return Object.keys(described.VersionIdsToStages ?? {});
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}

function storedKey(value: SecretValue): StoredKey {
  return { keyPairId: value.keyPairId ?? "", type: value.type, privateKeyPem: value.privateKeyPem, createdAt: value.createdAt };
}
