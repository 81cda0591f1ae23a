import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.js";
import { refuse } from "../respond.js";
import type { ApiTokens } from "../../lib/tokens/api-tokens.js";

/**
 * `Authorization: Bearer <token>` for the JSON API (mount on /api/* only): a valid token signs the
 * request in as `token:<name>` with the token's role, without cookie or CSRF token (a browser cannot
 * attach the header to a cross-site request). Any Authorization header that does not verify is a 401,
 * even when a session cookie came along.
 */
export function bearerToken(tokens: ApiTokens): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header === undefined) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match ? await tokens.verify(match[1]!) : undefined;
    if (!token) {
      c.header("WWW-Authenticate", 'Bearer realm="signed-share", error="invalid_token"');
      return refuse(c, "unauthenticated", "Invalid token", "The API token is unknown, revoked or expired: ask an admin for a new one (Tokens page or signed-share tokens).");
    }
    c.set("user", { name: `token:${token.name}`, role: token.role, source: "token" });
    c.set("csrfToken", null);
    return next();
  };
}
