import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/** The address the request came from, for rate limiting and logs. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  // On Lambda, the address API Gateway itself saw (not a header a client could write).
  return c.env?.incoming?.socket?.remoteAddress ?? c.env?.requestContext?.http?.sourceIp ?? "unknown";
}
