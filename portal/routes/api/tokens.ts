import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { ApiTokenError, tokenExpiry, type ApiTokens } from "../../auth/api-tokens.js";
import { requireRole } from "../../auth/require-role.js";
import { ROLES } from "../../auth/roles.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../../../lib/clock.js";

export const createTokenBody = z.object({ name: z.string(), role: z.enum(ROLES), expires: z.string() });

/** Tokens are managed by signed-in admins only: a token never mints or revokes tokens. */
export function sessionOnly(): MiddlewareHandler<AppEnv & SignedInEnv> {
  return async (c, next) => {
    if (c.get("user").source === "token") return c.json({ error: "Not allowed", message: "API tokens cannot manage API tokens: sign in to the portal as an admin." }, 403);
    return next();
  };
}

/** The status code of a token store refusal. */
export function tokenErrorStatus(error: ApiTokenError): 400 | 404 | 409 {
  return error.code === "not-found" ? 404 : error.code === "exists" ? 409 : 400;
}

/** Admin JSON API for API tokens: list (with last use), create (shown once), revoke. */
export function tokenApiRoutes(deps: { tokens: ApiTokens; clock: Clock; logger: Logger }) {
  return new Hono<AppEnv>()
    .get("/api/tokens", requireRole("admin"), sessionOnly(), async (c) => c.json({ tokens: await deps.tokens.list() }))
    .post("/api/tokens", requireRole("admin"), sessionOnly(), async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        raw = undefined;
      }
      const parsed = createTokenBody.safeParse(raw);
      if (!parsed.success) return c.json({ error: "Invalid request", message: 'send {"name":"ci-deploy","role":"operator","expires":"90d"}' }, 400);
      const expiresAt = tokenExpiry(parsed.data.expires, deps.clock());
      if (!expiresAt) return c.json({ error: "Invalid request", message: "expires: a duration like 90d, 12h or 30m" }, 400);
      const user = c.get("user");
      try {
        const created = await deps.tokens.create({ name: parsed.data.name, role: parsed.data.role, expiresAt, by: user.name });
        deps.logger.info({ event: "token-created", by: user.name, token: created.summary.name, id: created.summary.id, role: created.summary.role, expiresAt: created.summary.expiresAt });
        return c.json({ token: created.token, summary: created.summary, note: "This is the only time the token is shown: store it in your pipeline's secrets now." }, 201);
      } catch (error) {
        if (error instanceof ApiTokenError) return c.json({ error: "Invalid request", message: error.message }, tokenErrorStatus(error));
        throw error;
      }
    })
    .post("/api/tokens/:id/revoke", requireRole("admin"), sessionOnly(), async (c) => {
      const user = c.get("user");
      try {
        const summary = await deps.tokens.revoke(c.req.param("id"), user.name);
        deps.logger.info({ event: "token-revoked", by: user.name, token: summary.name, id: summary.id });
        return c.json({ token: summary });
      } catch (error) {
        if (error instanceof ApiTokenError) return c.json({ error: "Unknown token", message: error.message }, tokenErrorStatus(error));
        throw error;
      }
    });
}
