// `npm run portal` and dist/portal.js: the portal against the configured storage and key store (AWS in production).
import { ConfigError } from "../lib/config.js";
import { jsonLogger } from "./logger.js";
import { bootPortal } from "./runtime/boot.js";
import { startPortal } from "./server.js";

async function main(): Promise<void> {
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
  process.stderr.write(`${error instanceof ConfigError ? "configuration" : "failed"}: ${error.message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
