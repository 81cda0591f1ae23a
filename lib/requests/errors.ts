/**
 * What went wrong with a file request or one of its uploads, in terms a caller can act on: the
 * upload API answers each kind with its own HTTP status (portal/requests/upload-api.ts), the CLI with
 * its exit code.
 */
export type RequestErrorKind = "bad-input" | "not-found" | "conflict" | "gone" | "too-large" | "rate-limited" | "forbidden" | "unavailable";

export class RequestError extends Error {
  override readonly name = "RequestError";
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: RequestErrorKind,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
