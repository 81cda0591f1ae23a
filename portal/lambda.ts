// dist/lambda.js: the portal as an AWS Lambda handler behind API Gateway's HTTP API (payload format 2.0).
// The configuration comes from the function's environment, secrets from Secrets Manager, both read at
// cold start; logs are the JSON lines of the Node server, on stdout (CloudWatch Logs).
import { handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import { describeError } from "../lib/aws-errors.js";
import { jsonLogger } from "./logger.js";
import { bootPortal } from "./runtime/boot.js";

type PortalHandler = ReturnType<typeof handle>;

const logger = jsonLogger();

function boot(): Promise<PortalHandler> {
  // API Gateway answers HTTPS only, so the session cookie is Secure and __Host- and HSTS is sent even
  // when PORTAL_URL is unset (docs/production-portal.md).
  return bootPortal({ env: process.env, logger, httpsOnly: true }).then(({ config, storage, sso, app }) => {
    logger.info({ event: "started", mode: config.mode, url: config.portal.url, storage, links: config.publicUrl, sso, host: "lambda" });
    return handle(app);
  });
}

// Started while Lambda initialises the function (it has the whole CPU then). A failed start is logged and
// fails the request; the next request starts again rather than leaving the instance broken for good.
function start(): Promise<PortalHandler> {
  const started = boot();
  // The same words as the Node server's start-up failure (AWS setup errors name the setting to fix).
  started.catch((error: Error) => logger.error({ event: "start-failed", message: describeError(error) }));
  return started;
}

let booting: Promise<PortalHandler> | undefined = start();

export async function handler(event: LambdaEvent, context?: LambdaContext) {
  const starting = (booting ??= start());
  const portal = await starting.catch((error: unknown) => {
    if (booting === starting) booting = undefined;
    throw error;
  });
  return portal(event, context);
}
