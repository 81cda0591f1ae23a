import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { AppEnv } from "../../env.js";

/**
 * The JSON API besides the operations (portal/api/): the session, for scripts that sign in with a
 * cookie (POSTs send X-CSRF-Token, which GET /api/session returns).
 */
export function apiRoutes() {
  return new Hono<AppEnv>().get("/api/session", requireUser(), (c) => c.json({ user: c.get("user"), csrfToken: c.get("user").source === "token" ? null : csrfToken(c) }));
}
