// `npm run portal` and dist/portal.js: the portal against the configured storage and key store (AWS in production).
import { EXIT_CODE, kindOf } from "../lib/errors.js";
import { describeError } from "../lib/aws-errors.js";
import { ConfigError } from "../lib/config.js";
import { handleEntryArgs } from "./entry-args.js";
import { jsonLogger } from "./logger.js";
import { bootPortal } from "./runtime/boot.js";
import { startPortal } from "./server.js";

const usage = `Usage: signed-share portal    (or: npm run portal, or node dist/portal.js from a build)

The portal against the configured storage and key store (S3 and Secrets Manager in production;
the data directory when SHARE_BUCKET is unset). It checks at start that it can read the bucket and
the signing key, then logs one JSON line per request on stdout.

Settings (environment variables, or the stack outputs file in SHARE_CONFIG): SHARE_BUCKET,
SHARE_PUBLIC_URL, SHARE_SIGNING_KEY_SECRET, AWS_REGION, PORT (default 3000), PORTAL_HOST,
PORTAL_URL, PORTAL_SESSION_SECRET (required outside local mode; or PORTAL_SESSION_SECRET_ID, the
Secrets Manager secret holding it), OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (or
OIDC_CLIENT_SECRET_ID).

Exit codes: 1 could not start (storage or key store unreachable, port in use), 2 bad configuration.`;

async function main(): Promise<void> {
  handleEntryArgs(process.argv.slice(2), usage);
  const logger = jsonLogger();
  const { config, app, storage, sso } = await bootPortal({ env: process.env, logger });
  const close = await startPortal(app, config.portal.port, config.portal.host);
  logger.info({
    event: "started",
    mode: config.mode,
    url: config.portal.url ?? `http://${config.portal.host}:${close.port}`,
    listen: `${config.portal.host}:${close.port}`,
    storage,
    links: config.publicUrl,
    sso,
  });
  const stop = () => void close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? "configuration" : "failed"}: ${describeError(error)}\n`);
  process.exit(EXIT_CODE[kindOf(error)]);
});
