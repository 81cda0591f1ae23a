import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { tokenExpiry, type ApiTokens } from "../../auth/api-tokens.js";
import { InvalidRequestError, ShareError } from "../../../lib/errors.js";
import { requireRole } from "../../auth/require-role.js";
import { ROLES } from "../../auth/roles.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../../../lib/clock.js";

export const createTokenBody = z.object({ name: z.string(), role: z.enum(ROLES), expires: z.string() });

/** Tokens are managed by signed-in admins only: a token never mints or revokes tokens. */
export function sessionOnly(): MiddlewareHandler<AppEnv & SignedInEnv> {
  return async (c, next) => {
    if (c.get("user").source === "token") throw new ShareError("forbidden", "API tokens cannot manage API tokens: sign in to the portal as an admin.");
    return next();
  };
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
      if (!parsed.success) throw new InvalidRequestError('body: send {"name":"ci-deploy","role":"operator","expires":"90d"}', { field: "body" });
      const expiresAt = tokenExpiry(parsed.data.expires, deps.clock());
      if (!expiresAt) throw new InvalidRequestError("expires: a duration like 90d, 12h or 30m", { field: "expires" });
      const user = c.get("user");
      const created = await deps.tokens.create({ name: parsed.data.name, role: parsed.data.role, expiresAt, by: user.name });
      deps.logger.info({ event: "token-created", by: user.name, token: created.summary.name, id: created.summary.id, role: created.summary.role, expiresAt: created.summary.expiresAt });
      return c.json({ token: created.token, summary: created.summary, note: "This is the only time the token is shown: store it in your pipeline's secrets now." }, 201);
    })
    .post("/api/tokens/:id/revoke", requireRole("admin"), sessionOnly(), async (c) => {
      const user = c.get("user");
      const summary = await deps.tokens.revoke(c.req.param("id"), user.name);
      deps.logger.info({ event: "token-revoked", by: user.name, token: summary.name, id: summary.id });
      return c.json({ token: summary });
    });
}
