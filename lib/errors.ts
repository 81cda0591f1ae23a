/** The request is wrong (bad client name, expiry, IP range): the caller must change it. */
export class InvalidRequestError extends Error {
  override readonly name = "InvalidRequestError";
}

/**
 * The client folder or the link does not exist, or holds nothing to share. The message is safe to
 * show to anyone who may ask; `where` (storage locations) is for operators' tools only, never the portal.
 */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    message: string,
    readonly what: "client" | "link" | "path" | "file",
    readonly where?: string,
  ) {
    super(message);
  }
}
