import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ClientExistsError, FileExistsError, FileTooLargeError, UploadSizeError, UploadStateError } from "../../lib/files/errors.js";
import { publishErrorStatus } from "../sharing/errors.js";

/** The HTTP status and title of an error from lib/files (and lib/publish); undefined for anything else (a 500). */
export function filesErrorStatus(error: unknown): { status: ContentfulStatusCode; title: string; message: string } | undefined {
  if (error instanceof FileExistsError) return { status: 409, title: "File exists", message: error.message };
  if (error instanceof ClientExistsError) return { status: 409, title: "Client exists", message: error.message };
  if (error instanceof FileTooLargeError) return { status: 413, title: "File too large", message: error.message };
  if (error instanceof UploadSizeError) return { status: 400, title: "Upload refused", message: error.message };
  if (error instanceof UploadStateError) return { status: 409, title: "Upload not possible", message: error.message };
  return publishErrorStatus(error);
}
