// `npm run portal`: the portal against the configured storage and key store (AWS in production).
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describeError } from "../lib/aws-errors.js";
import { systemClock } from "../lib/clock.js";
import { ConfigError, loadConfig, type Config } from "../lib/config.js";
import { createKeyStore } from "../lib/keys/from-config.js";
import { localKeysDir } from "../lib/keys/local-key-store.js";
import { createStore } from "../lib/storage/create-store.js";
import { createApp } from "./app.js";
import { composePortal } from "./compose.js";
import { localSessionSecret } from "./local/local-secrets.js";
import { handleEntryArgs } from "./entry-args.js";
import { jsonLogger } from "./logger.js";
import { startPortal } from "./server.js";

async function sessionSecretFor(config: Config): Promise<string> {
  if (config.portal.sessionSecret) return config.portal.sessionSecret;
  if (config.mode === "local") return localSessionSecret(localKeysDir(config.dataDir));
  throw new ConfigError(["PORTAL_SESSION_SECRET is required outside local mode: at least 32 random characters shared by every portal instance (try: openssl rand -base64 48)"]);
}

const usage = `Usage: signed-share portal    (or: npm run portal)

The portal against the configured storage and key store (S3 and Secrets Manager in production;
the data directory when SHARE_BUCKET is unset). It checks at start that it can read the bucket and
the signing key, then logs one JSON line per request on stdout.

Settings (environment variables, or the stack outputs file in SHARE_CONFIG): SHARE_BUCKET,
SHARE_PUBLIC_URL, SHARE_SIGNING_KEY_SECRET, AWS_REGION, PORT (default 3000), PORTAL_HOST,
PORTAL_URL, PORTAL_SESSION_SECRET (required outside local mode), OIDC_ISSUER, OIDC_CLIENT_ID,
OIDC_CLIENT_SECRET.

Exit codes: 1 could not start (storage or key store unreachable, port in use), 2 bad configuration.`;

async function main(): Promise<void> {
  handleEntryArgs(process.argv.slice(2), usage);
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
    logger.warn({ event: "no-users", message: "no portal accounts yet: add one with `signed-share users add NAME --role admin`" });
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
  process.stderr.write(`${error instanceof ConfigError ? "configuration" : "failed"}: ${describeError(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
