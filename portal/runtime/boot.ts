import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { systemClock } from "../../lib/clock.js";
import { ConfigError, loadConfig, type Config } from "../../lib/config.js";
import { createKeyStore } from "../../lib/keys/from-config.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { createStore } from "../../lib/storage/create-store.js";
import { createApp, type PortalApp } from "../app.js";
import { composePortal } from "../compose.js";
import { localSessionSecret } from "../local/local-secrets.js";
import type { Logger } from "../logger.js";
import { resolveSecretSettings, secretsManagerReader, type Env, type ReadSecret } from "./secret-settings.js";

export interface BootedPortal {
  config: Config;
  app: PortalApp;
  /** Where the portal keeps its files, for the start-up log ("s3://bucket", "dir:/srv/data"). */
  storage: string;
  sso: boolean;
}

export interface BootOptions {
  env: Env;
  logger: Logger;
  /** Secrets Manager reads (default: the AWS SDK). */
  readSecret?: ReadSecret;
  /** The front door serves HTTPS only (API Gateway for the Lambda handler): see PortalParts.httpsOnly. */
  httpsOnly?: boolean;
}

async function sessionSecretFor(config: Config): Promise<string> {
  if (config.portal.sessionSecret) return config.portal.sessionSecret;
  if (config.mode === "local") return localSessionSecret(localKeysDir(config.dataDir));
  throw new ConfigError([
    "PORTAL_SESSION_SECRET (or PORTAL_SESSION_SECRET_ID, a Secrets Manager secret holding it) is required outside local mode: at least 32 random characters shared by every portal instance (try: openssl rand -base64 48)",
  ]);
}

/**
 * The portal as configured by the environment, checked: the same start for the Node server
 * (`npm run portal`, dist/portal.js) and the Lambda handler. Fails here, not at the first request,
 * when the bucket or the signing key cannot be read.
 */
export async function bootPortal(options: BootOptions): Promise<BootedPortal> {
  const env = await resolveSecretSettings(options.env, options.readSecret ?? secretsManagerReader());
  const config = loadConfig({ env });
  const { logger } = options;
  const secretsManager =
    config.signingKey.store === "secretsmanager" ? new SecretsManagerClient(config.mode === "aws" && config.region ? { region: config.region } : {}) : undefined;
  const store = createStore(config);
  const keyStore = createKeyStore(config, secretsManager ? { secretsManager } : {});
  const deps = composePortal(config, {
    store,
    keyStore,
    sessionSecret: await sessionSecretFor(config),
    clock: systemClock,
    logger,
    ...(options.httpsOnly ? { httpsOnly: true } : {}),
  });
  await keyStore.active(); // no key yet: NoActiveKeyError says to run keys:init
  await store.list({ prefix: `${config.prefix}/`, maxKeys: 1 });
  if (!deps.oidc && (await deps.users.list()).length === 0) {
    logger.warn({ event: "no-users", message: "no portal accounts yet: add one with `signed-share users add NAME --role admin`" });
  }
  return { config, app: createApp(deps), storage: store.location, sso: Boolean(deps.oidc) };
}
