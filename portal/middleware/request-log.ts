import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.js";
import type { Logger } from "../logger.js";

/**
 * One line per request: method, path (never the query string), status, duration, user.
 * Headers, cookies and bodies are never logged.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info({
      event: "request",
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.get("user")?.name ?? null,
    });
  };
}
