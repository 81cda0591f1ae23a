// The signing key: a key pair given by hand, the data directory's key store, or Secrets Manager.
import { z } from "zod";
import { filePath, got, secret, type Problem, type SettingsOf } from "./shared.js";
import type { storageSettings } from "./storage.js";

export const keySettings = {
  SHARE_KEY_PAIR_ID: z
    .string()
    .regex(/^[A-Z0-9]{8,32}$/, { error: (issue) => `must be a CloudFront public key id like K2JCJMDEHXQW5F${got(issue.input)}` })
    .optional(),
  SHARE_PRIVATE_KEY: secret(
    "must be file://PATH to a PEM private key (the key itself never goes in the environment)",
    (text) => text.startsWith("file://") && text.length > "file://".length,
  ).optional(),
  SHARE_SIGNING_KEY_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: (issue) => `must be a Secrets Manager secret name or ARN${got(issue.input)}` })
    .optional(),
  SHARE_KEY_STORE: z.enum(["local", "secretsmanager"], { error: (issue) => `must be local or secretsmanager${got(issue.input)}` }).optional(),
  SHARE_KEY_GROUP_ID: z.string().optional(),
  SHARE_BOOTSTRAP_PUBLIC_KEY_ID: z.string().optional(),
};

type KeySettings = SettingsOf<typeof keySettings & typeof storageSettings>;

export type SigningKeyConfig =
  | { store: "local"; keyPairId?: string; privateKeyPath?: string }
  | { store: "secretsmanager"; secretName: string };

export function checkKeySettings(s: KeySettings, problem: Problem): void {
  if (Boolean(s.SHARE_KEY_PAIR_ID) !== Boolean(s.SHARE_PRIVATE_KEY)) {
    problem(s.SHARE_KEY_PAIR_ID ? "SHARE_PRIVATE_KEY" : "SHARE_KEY_PAIR_ID", "is required with " + (s.SHARE_KEY_PAIR_ID ? "SHARE_KEY_PAIR_ID" : "SHARE_PRIVATE_KEY") + ": they name one key pair");
  }
  if (s.SHARE_KEY_STORE === "secretsmanager" && !s.SHARE_SIGNING_KEY_SECRET) {
    problem("SHARE_SIGNING_KEY_SECRET", "is required when SHARE_KEY_STORE is secretsmanager");
  }
  if (s.SHARE_KEY_STORE === "secretsmanager" && !s.SHARE_BUCKET) {
    problem("SHARE_KEY_STORE", "can be secretsmanager only with SHARE_BUCKET (local mode keeps keys on disk)");
  }
}

export function signingKeyConfig(s: KeySettings, cwd: string): SigningKeyConfig {
  const keyStore = s.SHARE_KEY_STORE ?? (s.SHARE_SIGNING_KEY_SECRET && !s.SHARE_KEY_PAIR_ID ? "secretsmanager" : "local");
  return keyStore === "secretsmanager"
    ? { store: "secretsmanager", secretName: s.SHARE_SIGNING_KEY_SECRET ?? "" }
    : {
        store: "local",
        ...(s.SHARE_KEY_PAIR_ID ? { keyPairId: s.SHARE_KEY_PAIR_ID } : {}),
        ...(s.SHARE_PRIVATE_KEY ? { privateKeyPath: filePath(s.SHARE_PRIVATE_KEY, cwd) } : {}),
      };
}

/** AWS mode: the key group the rotation tool manages, and the key Pulumi created first. */
export function awsKeyConfig(s: KeySettings) {
  return {
    ...(s.SHARE_KEY_GROUP_ID ? { keyGroupId: s.SHARE_KEY_GROUP_ID } : {}),
    ...(s.SHARE_BOOTSTRAP_PUBLIC_KEY_ID ? { bootstrapPublicKeyId: s.SHARE_BOOTSTRAP_PUBLIC_KEY_ID } : {}),
  };
}
