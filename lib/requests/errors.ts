import { ShareError, type ErrorKind } from "../errors.js";

/**
 * What went wrong with a file request or one of its uploads, in terms a caller can act on: a kind of
 * lib/errors.ts, so the upload API answers with that kind's HTTP status and the CLI with its exit code.
 */
export type RequestErrorKind = Extract<ErrorKind, "bad-input" | "not-found" | "conflict" | "gone" | "too-large" | "rate-limited" | "forbidden" | "unavailable">;

export class RequestError extends ShareError {
  override readonly name = "RequestError";

  constructor(kind: RequestErrorKind, message: string, options: { cause?: unknown; retryAfterSeconds?: number; field?: string } = {}) {
    super(kind, message, options);
  }
}
