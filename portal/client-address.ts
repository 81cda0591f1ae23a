import type { Context } from "hono";
import { requestAddress } from "../lib/net/request-address.js";
import type { AppEnv } from "./env.js";

/** The address the request came from, for rate limiting and logs (lib/net/request-address.ts). */
export function clientAddress(c: Pick<Context<AppEnv>, "env" | "req">, trustProxy: boolean): string {
  // On Lambda, the address API Gateway itself saw (not a header a client could write).
  const peer = c.env?.incoming?.socket?.remoteAddress ?? c.env?.requestContext?.http?.sourceIp;
  return requestAddress(peer, c.req.header("x-forwarded-for"), trustProxy) ?? "unknown";
}
