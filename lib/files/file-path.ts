import { nameCharacterProblem } from "../names/name-characters.js";
import { PAGE_FOLDER, reservedPathProblem } from "../names/reserved-names.js";
import { InvalidRequestError } from "../errors.js";
import { clientFolderKey, validateClientName } from "../links/layout.js";

/** S3's limit on a key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * Refuses a file path for a new file in a client folder (upload, `files put`): anything that would
 * escape the folder or that the catalog could not share (empty, "." or ".." segments, backslashes),
 * a reserved name as any segment (lib/names/reserved-names.ts), and every character the name rule
 * refuses (lib/names/name-characters.ts). Returns the path unchanged when it is fine.
 */
export function validateFilePath(path: string): string {
  const reason = pathShapeProblem(path) ?? nameCharacterProblem(path) ?? reservedPathProblem(path, { writing: true });
  if (reason) throw new InvalidRequestError(`file name ${JSON.stringify(path)} ${reason}`);
  return path;
}

/**
 * Refuses the path a client gives a file it sends through a file request: the rules of a new file's
 * path, except that it may use names only the product writes to (it lands under received/<request>/).
 */
export function validateReceivedPath(path: string): string {
  const reason = pathShapeProblem(path) ?? nameCharacterProblem(path) ?? reservedPathProblem(path);
  if (reason) throw new InvalidRequestError(`file name ${JSON.stringify(path)} ${reason}`);
  return path;
}

/**
 * Refuses a path that names no file of the client folder safely: the shape rules, and the folder of
 * published pages (a page goes with its link: `links revoke`). A file stored before the name rule,
 * or put into the bucket by other means, can still be read and deleted.
 */
export function validateExistingFilePath(path: string): string {
  const reason = pathShapeProblem(path) ?? (path.split("/")[0] === PAGE_FOLDER ? `is in ${PAGE_FOLDER}/, the folder of published pages: revoke the link to remove its page` : undefined);
  if (reason) throw new InvalidRequestError(`file name ${JSON.stringify(path)} ${reason}`);
  return path;
}

function pathShapeProblem(path: string): string | undefined {
  if (path === "") return "is empty";
  if (path.includes("\0")) return "contains a NUL character";
  if (path.includes("\\")) return "contains a backslash: use / between folders";
  if (path.startsWith("/")) return "starts with /: give a path relative to the client folder";
  if (path.endsWith("/")) return "ends with /: name a file, not a folder";
  const segments = path.split("/");
  if (segments.some((segment) => segment === "")) return "has an empty folder name (//)";
  if (segments.some((segment) => segment === "." || segment === "..")) return 'has a "." or ".." segment';
  return undefined;
}

/**
 * A folder path inside a client folder ("" for the folder itself), without a trailing slash: the
 * rules of a new file's path, or with `existing` (deleting a stored folder) the shape rules only.
 */
export function validateFolderPath(folder: string, options: { existing?: boolean } = {}): string {
  const trimmed = folder.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  return options.existing ? validateExistingFilePath(trimmed) : validateFilePath(trimmed);
}

/** The store key of a new file of a client; checks the client name, the path and the key's length. */
export function clientFileKey(prefix: string, client: string, path: string): string {
  return keyOf(prefix, client, validateFilePath(path));
}

/** The store key of a stored file of a client, to read or delete it: the client name and the path's shape only. */
export function existingFileKey(prefix: string, client: string, path: string): string {
  return keyOf(prefix, client, validateExistingFilePath(path));
}

function keyOf(prefix: string, client: string, path: string): string {
  const key = clientFolderKey(prefix, validateClientName(client)) + path;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new InvalidRequestError(`file name ${JSON.stringify(path)} is too long: the whole key may have at most ${MAX_KEY_BYTES} bytes`);
  }
  return key;
}

/** Joins an optional target folder and a relative path ("reports" + "q1.csv" → "reports/q1.csv"). */
export function joinFilePath(folder: string, path: string): string {
  const base = validateFolderPath(folder);
  return base === "" ? path : `${base}/${path}`;
}
