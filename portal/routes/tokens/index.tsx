import { Hono } from "hono";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { TokensPage } from "../../views/tokens-page.js";

/** The admins' page for API tokens: list with last use, create (the token is shown once), revoke; each through its operation (lib/ops/tokens). */
export function tokenRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv>()
    .get("/tokens", requireRole("admin"), async (c) => {
      const { tokens } = await run(c, ops.tokens.list, {});
      return c.html(<TokensPage tokens={tokens} now={deps.clock()} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/tokens", requireRole("admin"), async (c) => {
      const form = await c.req.parseBody();
      const name = typeof form.name === "string" ? form.name.trim() : "";
      const expires = typeof form.expires === "string" ? form.expires : "";
      const user = c.get("user");
      const page = async (status: 201 | 400 | 409, extra: { error?: string; created?: { token: string; name: string } }) =>
        c.html(<TokensPage tokens={(await run(c, ops.tokens.list, {})).tokens} now={deps.clock()} values={{ name, expires }} {...extra} user={user} csrfToken={csrfToken(c)} />, status);
      try {
        const created = await run(c, ops.tokens.create, { name, role: form.role, expires });
        return page(201, { created: { token: created.token, name } });
      } catch (error) {
        if (error instanceof ShareError && (error.kind === "bad-input" || error.kind === "conflict")) return page(HTTP_STATUS[error.kind] as 400 | 409, { error: pageWords(error) });
        throw error;
      }
    })
    .post("/tokens/:id/revoke", requireRole("admin"), async (c) => {
      await run(c, ops.tokens.revoke, { name: c.req.param("id") });
      return c.redirect("/tokens", 303);
    });
}

/** The form's words for a refusal: "Role: ..." rather than the field name. */
function pageWords(error: ShareError): string {
  if (error.field === "role") return "Choose a role: operator or admin.";
  if (error.field === "expires") return "Expires: a duration like 90d, 12h or 30m.";
  return error.message;
}
