import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.js";
import { refuse } from "../respond.js";

/** Forms and JSON requests of the portal are a few kilobytes; 64 KiB leaves room and nothing more. */
export const REQUEST_BODY_LIMIT = 64 * 1024;

/**
 * Refuses request bodies over `maxBytes` with a 413 before anything reads them (a declared
 * Content-Length is refused at once; a chunked body is counted as it arrives). Routes that stream
 * large bodies to storage themselves are listed in `streams` and bring their own limit.
 */
export function requestBodyLimit(options: { maxBytes?: number; streams?: (path: string) => boolean } = {}): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? REQUEST_BODY_LIMIT;
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => refuse(c, "too-large", "Request too large", `The portal accepts request bodies of at most ${maxBytes / 1024} KiB.`),
  });
  return async (c, next) => {
    if (options.streams?.(c.req.path)) return next();
    return limit(c, next);
  };
}
