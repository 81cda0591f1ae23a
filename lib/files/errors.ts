import { InvalidRequestError, ShareError } from "../errors.js";

/** A file is already stored under that name and the request did not ask to replace it. */
export class FileExistsError extends ShareError {
  override readonly name = "FileExistsError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super("conflict", message);
  }
}

/** A client folder (or its profile) already exists under that name. */
export class ClientExistsError extends ShareError {
  override readonly name = "ClientExistsError";
  constructor(message: string) {
    super("conflict", message);
  }
}

/** The file is larger than the configured maximum (SHARE_MAX_FILE_SIZE). */
export class FileTooLargeError extends ShareError {
  override readonly name = "FileTooLargeError";
  constructor(message: string) {
    super("too-large", message);
  }
}

/** The upload was aborted, finished, expired, or its parts do not match what was sent. */
export class UploadStateError extends ShareError {
  override readonly name = "UploadStateError";
  constructor(message: string) {
    super("conflict", message);
  }
}

/** The stored parts do not add up to the size the upload was started with: it was aborted, nothing was stored. */
export class UploadSizeError extends ShareError {
  override readonly name = "UploadSizeError";
  constructor(message: string) {
    super("bad-input", message);
  }
}

/** `files rm` on a folder without saying so: says how to delete a folder, at every door. */
export class IsAFolderError extends InvalidRequestError {
  constructor(client: string, path: string) {
    const folder = path.replace(/\/+$/, "");
    super(`path: ${folder} is a folder of ${client}, not a file; to delete it and everything in it, run signed-share files rm ${client} ${/^[\w./-]+$/.test(folder) ? folder : JSON.stringify(folder)} --recursive (API: "folder": true; portal: the folder's delete link on the client's page)`, { field: "path" });
  }
}
