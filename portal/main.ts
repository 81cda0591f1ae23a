// `npm run portal`: the portal against the configured storage and key store (AWS in production).
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { systemClock } from "../lib/clock.js";
import { ConfigError, loadConfig, type Config } from "../lib/config.js";
import { createKeyStore } from "../lib/keys/from-config.js";
import { localKeysDir } from "../lib/keys/local-key-store.js";
import { createStore } from "../lib/storage/create-store.js";
import { createApp } from "./app.js";
import { composePortal } from "./compose.js";
import { localSessionSecret } from "./local/local-secrets.js";
import { jsonLogger } from "./logger.js";
import { startPortal } from "./server.js";

async function sessionSecretFor(config: Config): Promise<string> {
  if (config.portal.sessionSecret) return config.portal.sessionSecret;
  if (config.mode === "local") return localSessionSecret(localKeysDir(config.dataDir));
  throw new ConfigError(["PORTAL_SESSION_SECRET is required outside local mode: at least 32 random characters shared by every portal instance (try: openssl rand -base64 48)"]);
}

async function main(): Promise<void> {
  const config = loadConfig({ env: process.env });
  const logger = jsonLogger();
  const secretsManager =
    config.signingKey.store === "secretsmanager" ? new SecretsManagerClient(config.mode === "aws" && config.region ? { region: config.region } : {}) : undefined;
  const store = createStore(config);
  const deps = composePortal(config, {
    store,
    keyStore: createKeyStore(config, secretsManager ? { secretsManager } : {}),
    sessionSecret: await sessionSecretFor(config),
    clock: systemClock,
    logger,
  });
  // Fail at start, not at the first request, when the bucket or the signing key cannot be read.
  await deps.keys.status();
  await store.list({ prefix: `${config.prefix}/`, maxKeys: 1 });
  if (!deps.oidc && (await deps.users.list()).length === 0) {
    logger.warn({ event: "no-users", message: "no portal accounts yet: add one with `npm run users -- add NAME --role admin`" });
  }
  const close = await startPortal(createApp(deps), config.portal.port, config.portal.host);
  logger.info({
    event: "started",
    mode: config.mode,
    url: config.portal.url ?? `http://${config.portal.host}:${close.port}`,
    storage: store.location,
    links: config.publicUrl,
    sso: Boolean(deps.oidc),
  });
  const stop = () => void close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? "configuration" : "failed"}: ${error.message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
