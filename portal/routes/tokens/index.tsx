import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiTokenError, tokenExpiry, type ApiTokens } from "../../auth/api-tokens.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import { isRole } from "../../auth/roles.js";
import type { AppEnv } from "../../env.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../../../lib/clock.js";
import { TokensPage } from "../../views/tokens-page.js";
import { HTTP_STATUS } from "../../../lib/errors.js";

/** The admins' page for API tokens: list with last use, create (the token is shown once), revoke. */
export function tokenRoutes(deps: { tokens: ApiTokens; clock: Clock; logger: Logger }) {
  return new Hono<AppEnv>()
    .get("/tokens", requireRole("admin"), async (c) =>
      c.html(<TokensPage tokens={await deps.tokens.list()} now={deps.clock()} user={c.get("user")} csrfToken={csrfToken(c)} />),
    )
    .post("/tokens", requireRole("admin"), async (c) => {
      const form = await c.req.parseBody();
      const name = typeof form.name === "string" ? form.name.trim() : "";
      const role = form.role;
      const expires = typeof form.expires === "string" ? form.expires : "";
      const user = c.get("user");
      const page = async (status: ContentfulStatusCode, extra: { error?: string; created?: { token: string; name: string } }) =>
        c.html(<TokensPage tokens={await deps.tokens.list()} now={deps.clock()} values={{ name, expires }} {...extra} user={user} csrfToken={csrfToken(c)} />, status);
      const expiresAt = tokenExpiry(expires, deps.clock());
      if (!isRole(role)) return page(400, { error: "Choose a role: operator or admin." });
      if (!expiresAt) return page(400, { error: "Expires: a duration like 90d, 12h or 30m." });
      try {
        const created = await deps.tokens.create({ name, role, expiresAt, by: user.name });
        deps.logger.info({ event: "token-created", by: user.name, token: created.summary.name, id: created.summary.id, role, expiresAt: created.summary.expiresAt });
        return page(201, { created: { token: created.token, name } });
      } catch (error) {
        if (error instanceof ApiTokenError) return page(HTTP_STATUS[error.kind], { error: error.message });
        throw error;
      }
    })
    .post("/tokens/:id/revoke", requireRole("admin"), async (c) => {
      const user = c.get("user");
      try {
        const summary = await deps.tokens.revoke(c.req.param("id"), user.name);
        deps.logger.info({ event: "token-revoked", by: user.name, token: summary.name, id: summary.id });
        return c.redirect("/tokens", 303);
      } catch (error) {
        if (error instanceof ApiTokenError) return c.html(<TokensPage tokens={await deps.tokens.list()} now={deps.clock()} error={error.message} user={user} csrfToken={csrfToken(c)} />, HTTP_STATUS[error.kind]);
        throw error;
      }
    });
}
