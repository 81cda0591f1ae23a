import type { Context } from "hono";
import { requestAddress } from "../lib/net/request-address.js";
import type { AppEnv } from "./env.js";

/** The address the request came from, for rate limiting and logs (lib/net/viewer-address.ts). */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  return requestAddress(c.env?.incoming?.socket?.remoteAddress, c.req.header("x-forwarded-for"), trustProxy) ?? "unknown";
}
