import type { Context, MiddlewareHandler } from "hono";
import { portalVars, type AppEnv, type PortalContext } from "../env.js";
import { refuse } from "../respond.js";
import { CSRF_FIELD } from "../views/csrf-field.js";
import { safeEqual, Signer } from "../../lib/signed-token.js";

export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Per-session CSRF tokens: an HMAC of the session id, so nothing extra is stored. */
export class CsrfTokens {
  private readonly signer: Signer;

  constructor(secret: string) {
    this.signer = new Signer(secret, "csrf");
  }

  tokenFor(sessionId: string): string {
    return this.signer.mac(sessionId);
  }
}

/** The CSRF token of the signed-in session, for forms and for pages that call the JSON API. */
export function csrfToken(c: PortalContext): string {
  const token = portalVars(c).csrfToken;
  if (!token) throw new Error("csrfToken(c) needs a signed-in session (use requireUser or requireRole first)");
  return token;
}

/**
 * Refuses state-changing requests that come from another site (Sec-Fetch-Site, or Origin when the
 * browser sends no Sec-Fetch-Site) and, when a session exists, requests without its token (form
 * field `_csrf` or header `X-CSRF-Token`). Requests without a session carry no authority; the route
 * itself refuses them (sign-in is the one such POST, covered by the origin check).
 */
export function csrfProtection(options: { publicOrigin?: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method)) return next();
    if (!isSameOrigin(c, options.publicOrigin)) {
      return refuse(
        c,
        "forbidden",
        "Cross-site request refused",
        "This request came from another site and was refused.",
        "cross-site request refused: the Origin or Sec-Fetch-Site header names another site; send requests from the portal's own origin, or from a script without those headers",
      );
    }
    const expected = c.get("csrfToken");
    if (expected && !safeEqual((await submittedToken(c)) ?? "", expected)) {
      return refuse(
        c,
        "forbidden",
        "Form expired",
        "The form was missing its security token. Reload the page and try again.",
        `CSRF token missing or invalid: send the ${CSRF_HEADER} header with the csrfToken that GET /api/session returns for this session`,
      );
    }
    return next();
  };
}

function isSameOrigin(c: Context<AppEnv>, publicOrigin: string | undefined): boolean {
  const fetchSite = c.req.header("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin";
  const origin = c.req.header("origin");
  if (!origin) return true; // not a browser, or a browser that sends neither: the token decides
  return origin === new URL(c.req.url).origin || origin === publicOrigin;
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const value = (await c.req.parseBody())[CSRF_FIELD];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}
