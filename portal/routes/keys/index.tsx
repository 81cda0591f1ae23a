import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { ops } from "../../../lib/ops/registry.js";
import { KeysPage } from "../../views/keys-page.js";

/** The signing key and the state of key rotation, for admins (keys.status). */
export function keyRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv & SignedInEnv>().get("/keys", requireRole("admin"), async (c) => {
    const status = await run(c, ops.keys.status, {});
    return c.html(<KeysPage status={status} now={deps.clock()} user={c.get("user")} csrfToken={csrfToken(c)} />);
  });
}
