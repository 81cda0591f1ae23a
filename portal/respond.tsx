import type { ContentfulStatusCode } from "hono/utils/http-status";
import { portalVars, type PortalContext } from "./env.js";
import { MessagePage } from "./views/message-page.js";

/** JSON clients (the /api routes, fetch with Accept: application/json) get JSON errors, browsers get pages. */
export function wantsJson(c: PortalContext): boolean {
  if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/**
 * An error response in the form the client wants. `api` words it for API clients when the page's
 * words are about a form or a page ("Form expired" is "CSRF token missing or invalid" to a script).
 */
export function refuse(
  c: PortalContext,
  status: ContentfulStatusCode,
  title: string,
  message: string,
  api?: { error: string; message: string },
): Response | Promise<Response> {
  const { user, csrfToken } = portalVars(c);
  if (wantsJson(c)) return c.json(api ?? { error: title, message }, status);
  return c.html(<MessagePage title={title} message={message} user={user} csrfToken={csrfToken} />, status);
}
