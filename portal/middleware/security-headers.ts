import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.js";

/**
 * CSP without inline script or style, no referrer, no framing; pages are not cached unless a route says so.
 * `connectSrc`: another origin the pages' scripts may send to (the bucket, for direct uploads). A route
 * that sets its own (stricter) Content-Security-Policy keeps it.
 */
export function securityHeaders(options: { hsts: boolean; connectSrc?: string }): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      ...(options.connectSrc ? { connectSrc: ["'self'", options.connectSrc] } : {}),
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    xFrameOptions: "DENY",
    xContentTypeOptions: "nosniff",
    strictTransportSecurity: options.hsts ? "max-age=31536000; includeSubDomains" : false,
  });
  return async (c, next) => {
    let own: string | null = null;
    await headers(c, async () => {
      await next();
      own = c.res.headers.get("content-security-policy");
      if (!c.res.headers.has("cache-control")) c.header("Cache-Control", "no-store");
    });
    if (own) c.res.headers.set("Content-Security-Policy", own);
  };
}
