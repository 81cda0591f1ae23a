/** A file is already stored under that name and the request did not ask to replace it. */
export class FileExistsError extends Error {
  override readonly name = "FileExistsError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** A client folder (or its profile) already exists under that name. */
export class ClientExistsError extends Error {
  override readonly name = "ClientExistsError";
}

/** The file is larger than the configured maximum (SHARE_MAX_FILE_SIZE). */
export class FileTooLargeError extends Error {
  override readonly name = "FileTooLargeError";
}

/** The upload was aborted, finished, expired, or its parts do not match what was sent. */
export class UploadStateError extends Error {
  override readonly name = "UploadStateError";
}

/** The stored parts do not add up to the size the upload was started with: it was aborted, nothing was stored. */
export class UploadSizeError extends Error {
  override readonly name = "UploadSizeError";
}
