import { ERROR_KINDS, HTTP_STATUS, NotFoundError, ShareError, type ErrorKind } from "../lib/errors.js";
import { portalVars, type PortalContext } from "./env.js";
import type { Logger } from "./logger.js";
import { MessagePage } from "./views/message-page.js";

/** JSON clients (the /api routes, fetch with Accept: application/json) get JSON errors, browsers get pages. */
export function wantsJson(c: PortalContext): boolean {
  if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** The API's one error document: `{"error": {"kind", "message", "field"?}}`, plus what was done despite it (`partial`). */
export interface ErrorDocument {
  error: { kind: ErrorKind; message: string; field?: string };
  [member: string]: unknown;
}

/** The error document of an error with a kind (the CLI's --json prints the same). */
export function errorDocument(error: ShareError): ErrorDocument {
  return { ...(error.partial ?? {}), error: { kind: error.kind, message: error.message, ...(error.field !== undefined ? { field: error.field } : {}) } };
}

/** The heading of an error page, by kind. */
const PAGE_TITLES: Record<ErrorKind, string> = {
  "bad-input": "Invalid request",
  unauthenticated: "Sign-in required",
  forbidden: "Not allowed",
  "not-found": "Not found",
  conflict: "Not possible now",
  gone: "Expired",
  "too-large": "Too large",
  "rate-limited": "Too many requests",
  locked: "Locked",
  unavailable: "Not set up",
  "not-delivered": "Not sent",
  upstream: "Done only in part",
  partial: "Done only in part",
  full: "Full: nothing was changed",
  internal: "Something went wrong",
};

function pageTitle(error: ShareError): string {
  if (error instanceof NotFoundError) return { client: "Unknown client", link: "Unknown link", path: "Unknown file or folder", file: "Unknown file", token: "Unknown token", user: "Unknown user" }[error.what];
  return PAGE_TITLES[error.kind];
}

/**
 * An error response in the form the client wants, its status from the one kind → status table
 * (lib/errors.ts). `apiMessage` words it for API clients when the page's words are about a form or
 * a page ("Form expired" is "CSRF token missing or invalid" to a script).
 */
export function refuse(c: PortalContext, kind: ErrorKind, title: string, message: string, apiMessage?: string): Response | Promise<Response> {
  const { user, csrfToken } = portalVars(c);
  if (wantsJson(c)) return c.json({ error: { kind, message: apiMessage ?? message } } satisfies ErrorDocument, HTTP_STATUS[kind]);
  return c.html(<MessagePage title={title} message={message} user={user} csrfToken={csrfToken} />, HTTP_STATUS[kind]);
}

/**
 * The response to anything a route threw: an error with a kind as its document (JSON) or page,
 * with the status of its kind; anything else is logged and answered 500 without its details.
 */
export function errorResponse(c: PortalContext, error: unknown, logger: Logger, hint?: string): Response | Promise<Response> {
  if (error instanceof ShareError && error.kind !== "internal") {
    if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
    if (wantsJson(c)) return c.json(errorDocument(error), HTTP_STATUS[error.kind]);
    return refuse(c, error.kind, pageTitle(error), error.message);
  }
  logger.error({ event: "error", method: c.req.method, path: c.req.path, message: error instanceof Error ? error.message : String(error), ...(hint ? { hint } : {}) });
  return refuse(c, "internal", PAGE_TITLES.internal, "The portal could not complete this request. It has been logged.");
}

/** Every kind, for the API description's error responses. */
export { ERROR_KINDS };
