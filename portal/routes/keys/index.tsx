import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { KeysPage } from "../../views/keys-page.js";

/** The signing key status, for admins. */
export function keyRoutes(deps: PortalDeps) {
  return new Hono<AppEnv>().get("/keys", requireRole("admin"), async (c) => {
    const [status, history] = await Promise.all([deps.keys.status(), deps.keys.history?.()]);
    return c.html(<KeysPage status={status} history={history} now={deps.clock()} user={c.get("user")} csrfToken={csrfToken(c)} />);
  });
}
