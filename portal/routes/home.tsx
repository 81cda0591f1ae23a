import { Hono } from "hono";
import { requireUser } from "../auth/require-role.js";
import type { AppEnv } from "../env.js";

/** The portal starts at the clients list (signed-out visitors go to sign-in first). */
export function homeRoutes() {
  return new Hono<AppEnv>().get("/", requireUser(), (c) => c.redirect("/clients", 303));
}
