// `npm start`: local mode, everything on this machine (docs/architecture.md#local-mode).
import { ConfigError, loadConfig } from "../../lib/config.js";
import { jsonLogger } from "../logger.js";
import { startLocalMode } from "./local-mode.js";

async function main(): Promise<void> {
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
      ? `          sign in as admin with password ${running.adminPassword}  (shown only now; change it: npm run users -- passwd admin)`
      : running.created.admin
        ? "          sign in as admin with PORTAL_ADMIN_PASSWORD"
        : "          sign in with your portal account (npm run users -- list)",
    `  edge    ${running.edgeUrl}  (the local CloudFront: links you issue open here)`,
    `  data    ${running.dataDir}${running.created.demoClients ? "  (demo clients acme-corp and globex created)" : ""}`,
    `  key     ${running.keyPairId}${running.created.signingKey ? " (new)" : ""}  (rotate: npm run rotate-keys)`,
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
  process.exit(error instanceof ConfigError ? 2 : 1);
});
