// `npm start`: local mode, everything on this machine (docs/architecture.md#local-mode).
import { EXIT_CODE, kindOf } from "../../lib/errors.js";
import { ConfigError, loadConfig } from "../../lib/config.js";
import { handleEntryArgs } from "../entry-args.js";
import { jsonLogger } from "../logger.js";
import { startLocalMode } from "./local-mode.js";

const usage = `Usage: signed-share start    (or: npm start)

Local mode: the portal, the local CloudFront edge and storage on this machine, no AWS account.
The first start creates the data directory with two demo clients, a signing key and an admin
account whose generated password is printed once. Press Ctrl+C to stop.

Settings (environment variables):
  SHARE_DATA_DIR         the data directory (default ./data)
  PORT                   the portal's port (default 3000; 0 picks a free one)
  EDGE_PORT              the local edge's port (default 3001; 0 picks a free one)
  PORTAL_HOST            the interface both listen on (default 127.0.0.1)
  PORTAL_ADMIN_PASSWORD  the first admin account's password instead of a generated one
  SHARE_PUBLIC_URL       the URL links are signed for (default: the local edge)

While it runs, the tools (issue, links, rotate-keys) find its edge through SHARE_DATA_DIR/local-mode.json.
Exit codes: 1 could not start (e.g. a port in use), 2 bad usage or configuration.`;

async function main(): Promise<void> {
  handleEntryArgs(process.argv.slice(2), usage);
  const config = loadConfig({ env: process.env });
  if (config.mode !== "local") {
    throw new ConfigError([`npm start runs local mode, but SHARE_BUCKET is set (${config.bucket}): use \`npm run portal\` for the portal against AWS`]);
  }
  const running = await startLocalMode(config, { logger: jsonLogger((line) => process.stderr.write(line)) });
  const lines = [
    "",
    "signed-share is running in local mode",
    `  portal  ${running.portalUrl}`,
    running.adminPassword
      ? `          sign in as admin with password ${running.adminPassword}  (shown only now; change it: signed-share users passwd admin)`
      : running.created.admin
        ? "          sign in as admin with PORTAL_ADMIN_PASSWORD"
        : "          sign in with your portal account (signed-share users list)",
    `  edge    ${running.edgeUrl}  (the local CloudFront: links you issue open here)`,
    `  data    ${running.dataDir}${running.created.demoClients ? "  (demo clients acme-corp and globex created)" : ""}`,
    `  key     ${running.keyPairId}${running.created.signingKey ? " (new)" : ""}  (rotate: signed-share rotate-keys)`,
    "",
    "Request logs follow on stderr. Press Ctrl+C to stop.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  const stop = () => void running.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  const addressInUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  process.stderr.write(
    addressInUse
      ? `failed: ${error.message}: another program uses that port; choose others with PORT=... EDGE_PORT=... npm start\n`
      : `${error instanceof ConfigError ? "configuration" : "failed"}: ${error.message}\n`,
  );
  process.exit(EXIT_CODE[kindOf(error)]);
});
