import type { ContentfulStatusCode } from "hono/utils/http-status";
import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { InvalidationFailedError } from "../../lib/links/link-records.js";
import { DenyListFullError } from "../../lib/revocation/deny-list.js";

/** The HTTP status and title of an error that lib/links or lib/publishing raises for a bad request; undefined for anything else (a 500). */
export function publishErrorStatus(error: unknown): { status: ContentfulStatusCode; title: string; message: string } | undefined {
  if (error instanceof InvalidRequestError) return { status: 400, title: "Invalid request", message: error.message };
  if (error instanceof NotFoundError) return { status: 404, title: error.what === "client" ? "Unknown client" : error.what === "path" ? "Unknown file or folder" : error.what === "file" ? "Unknown file" : "Unknown link", message: error.message };
  if (error instanceof DenyListFullError) return { status: 507, title: "Revocation list full: nothing was revoked", message: error.message };
  if (error instanceof InvalidationFailedError) return { status: 502, title: "Revoked, but the CDN was not told", message: error.message };
  return undefined;
}
