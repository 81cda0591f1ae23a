import { Hono } from "hono";
import type { AppEnv } from "../env.js";

/** Liveness for load balancers and the launcher; no auth, no session. */
export function healthRoutes() {
  return new Hono<AppEnv>().get("/healthz", (c) => c.json({ status: "ok" }));
}
