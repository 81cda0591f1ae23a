/**
 * Every error the product raises on purpose carries a `kind`: what went wrong, in terms a caller can
 * act on. The two doors turn a kind into their own words through the two tables below, and nowhere
 * else: the JSON API into an HTTP status (with the body {"error": {"kind", "message", "field"?}}), the
 * command line into an exit code. Anything without a kind is a failure at run time ("internal").
 * docs/contributing.md#errors lists the kinds; add one here, in both tables, and there.
 */

export const ERROR_KINDS = [
  "bad-input",
  "unauthenticated",
  "forbidden",
  "not-found",
  "conflict",
  "gone",
  "too-large",
  "rate-limited",
  "locked",
  "unavailable",
  "not-delivered",
  "upstream",
  "partial",
  "full",
  "internal",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** What each kind means, for the API description and the docs. */
export const ERROR_KIND_MEANINGS: Record<ErrorKind, string> = {
  "bad-input": "the request, command line or configuration is wrong; the message names the field, flag or setting",
  unauthenticated: "nobody is signed in, or the API token is unknown, revoked or expired",
  forbidden: "signed in, but this role may not do that (or the request came from another site)",
  "not-found": "the client, link, file or path does not exist",
  conflict: "the name is taken, or the thing is in a state that does not allow it",
  gone: "it existed but has expired (an upload session, a part URL)",
  "too-large": "over a size limit (a file, a request body)",
  "rate-limited": "too many in a short time; retry after the time given",
  locked: "another run holds the lock (a key rotation)",
  unavailable: "what it needs is not set up here (e-mail, access logs, a revocation list, a signing key)",
  "not-delivered": "the link was made, but the e-mail carrying it was not sent",
  upstream: "a service it depends on failed (CloudFront, the mail server) after part of the work was done",
  partial: "some items of a batch failed; the others were done",
  full: "a store is full (the revocation list); nothing was changed",
  internal: "failed at run time (storage, network); the message (or the portal's log) says what",
};

/** The one kind → HTTP status table of the JSON API and the pages. */
export const HTTP_STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 409 | 410 | 413 | 423 | 429 | 500 | 502 | 503 | 507> = {
  "bad-input": 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  gone: 410,
  "too-large": 413,
  "rate-limited": 429,
  locked: 423,
  unavailable: 503,
  "not-delivered": 502,
  upstream: 502,
  partial: 502,
  full: 507,
  internal: 500,
};

/**
 * The one kind → exit code table of the command line (docs/cli.md): 0 done, 1 failed at run time,
 * 2 bad command line, input or configuration, 3 unknown client or link, 4 another key rotation is
 * running, 5 the link was issued but the e-mail carrying it was not sent.
 */
export const EXIT_CODE: Record<ErrorKind, 1 | 2 | 3 | 4 | 5> = {
  "bad-input": 2,
  unauthenticated: 2,
  forbidden: 2,
  "not-found": 3,
  conflict: 1,
  gone: 1,
  "too-large": 2,
  "rate-limited": 1,
  locked: 4,
  unavailable: 2,
  "not-delivered": 5,
  upstream: 1,
  partial: 1,
  full: 1,
  internal: 1,
};

/** What each exit code says, for --help and docs/cli.md. */
export const EXIT_CODE_MEANINGS: Record<0 | (typeof EXIT_CODE)[ErrorKind], string> = {
  0: "done",
  1: "failed at run time (storage, network, a partial batch); the message says what and what to run next",
  2: "bad command line, input or configuration; the message names the flag or setting",
  3: "unknown client, link or file",
  4: "another key rotation is running",
  5: "the link was issued (its URL is printed) but the e-mail carrying it was not sent",
};

export interface ShareErrorOptions {
  /** The input field (API body member, query or path parameter; the CLI maps it to its flag) at fault. */
  field?: string;
  /** What was done despite the error, as the operation's result document would say it (the issued link, the revoked ones). */
  partial?: Record<string, unknown>;
  /** Seconds after which trying again may succeed (rate-limited). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** An error with a kind. Raise a subclass (or this) for anything a caller can act on. */
export class ShareError extends Error {
  override readonly name: string = "ShareError";
  readonly field?: string;
  readonly partial?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: ShareErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.field !== undefined) this.field = options.field;
    if (options.partial !== undefined) this.partial = options.partial;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The kind of any thrown value: its own, else "internal". */
export function kindOf(error: unknown): ErrorKind {
  return error instanceof ShareError ? error.kind : "internal";
}

/** The request is wrong (bad client name, expiry, IP range): the caller must change it. */
export class InvalidRequestError extends ShareError {
  override readonly name = "InvalidRequestError";
  constructor(message: string, options: Omit<ShareErrorOptions, "partial"> = {}) {
    super("bad-input", message, { ...options, field: options.field ?? leadingField(message) });
  }
}

/**
 * The client folder or the link does not exist, or holds nothing to share. The message is safe to
 * show to anyone who may ask; `where` (storage locations) is for operators' tools only, never the portal.
 */
export class NotFoundError extends ShareError {
  override readonly name = "NotFoundError";
  constructor(
    message: string,
    readonly what: "client" | "link" | "path" | "file" | "token" | "user",
    readonly where?: string,
  ) {
    super("not-found", message);
  }
}

/** "expires: must be ..." names its field first; so do the messages of the rules in lib/. */
function leadingField(message: string): string | undefined {
  return /^([a-z][A-Za-z0-9.]*): /.exec(message)?.[1];
}
