import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfigError } from "../../lib/config.js";

/** Setting → the setting naming the Secrets Manager secret that holds its value instead. */
export const SECRET_SETTINGS = {
  PORTAL_SESSION_SECRET: "PORTAL_SESSION_SECRET_ID",
  OIDC_CLIENT_SECRET: "OIDC_CLIENT_SECRET_ID",
} as const;

export type Env = Record<string, string | undefined>;

/** Reads one secret's text; injected so that tests need no AWS. */
export type ReadSecret = (secretId: string) => Promise<string>;

/** The region of a secret ARN (arn:aws:secretsmanager:REGION:...); undefined for a plain name. */
export function secretRegion(secretId: string): string | undefined {
  return /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1];
}

/** Reads secrets with one Secrets Manager client per region, created on first use. */
export function secretsManagerReader(clientFor: (region: string | undefined) => SecretsManagerClient = cachedClients()): ReadSecret {
  return async (secretId) => {
    const reply = await clientFor(secretRegion(secretId)).send(new GetSecretValueCommand({ SecretId: secretId }));
    if (reply.SecretString === undefined) throw new Error(`secret ${secretId} holds no text value`);
    return reply.SecretString.trim();
  };
}

function cachedClients(): (region: string | undefined) => SecretsManagerClient {
  const clients = new Map<string, SecretsManagerClient>();
  return (region) => {
    const key = region ?? "";
    let client = clients.get(key);
    if (!client) {
      client = new SecretsManagerClient(region ? { region } : {});
      clients.set(key, client);
    }
    return client;
  };
}

/**
 * The environment with each `*_SECRET_ID` setting replaced by the value it names, read once (at start,
 * or a Lambda cold start). The values stay in this process's memory: never in the environment of the
 * function, the host or a stack output. Setting both a value and its `_ID` is a configuration error.
 */
export async function resolveSecretSettings(env: Env, readSecret: ReadSecret): Promise<Env> {
  const resolved: Env = { ...env };
  const problems: string[] = [];
  for (const [setting, idSetting] of Object.entries(SECRET_SETTINGS)) {
    const secretId = env[idSetting]?.trim();
    if (!secretId) continue;
    if (env[setting]?.trim()) {
      problems.push(`${setting} and ${idSetting} are both set: keep one (the value itself, or the Secrets Manager secret that holds it)`);
      continue;
    }
    try {
      resolved[setting] = await readSecret(secretId);
    } catch (error) {
      const name = (error as Error).name;
      throw new Error(`${idSetting}: could not read secret ${secretId} (${name}: ${(error as Error).message}): check the name and that this role may call secretsmanager:GetSecretValue on it`);
    }
    delete resolved[idSetting];
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}
