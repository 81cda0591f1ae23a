/** The request is wrong (bad client name, expiry, IP range): the caller must change it. */
export class InvalidRequestError extends Error {
  override readonly name = "InvalidRequestError";
}

/** The client folder or the link does not exist, or holds nothing to share. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    message: string,
    readonly what: "client" | "link" | "path",
  ) {
    super(message);
  }
}
