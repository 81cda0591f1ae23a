import { InvalidRequestError } from "../errors.js";
import { clientFolderKey, RESERVED_FOLDER, validateClientName } from "../links/layout.js";
import { TEMP_PREFIX } from "../storage/local-keys.js";

/** S3's limit on a key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * Refuses a file path inside a client folder that the catalog could not share or that would escape
 * the folder: empty or "."/".." segments, the reserved page folder, control characters, backslashes.
 * Returns the path unchanged when it is fine.
 */
export function validateFilePath(path: string): string {
  const reason = filePathProblem(path);
  if (reason) throw new InvalidRequestError(`file name ${JSON.stringify(path)} ${reason}`);
  return path;
}

function filePathProblem(path: string): string | undefined {
  if (path === "") return "is empty";
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  if (path.includes("\\")) return "contains a backslash: use / between folders";
  if (path.startsWith("/")) return "starts with /: give a path relative to the client folder";
  if (path.endsWith("/")) return "ends with /: name a file, not a folder";
  const segments = path.split("/");
  if (segments.some((segment) => segment === "")) return "has an empty folder name (//)";
  if (segments.some((segment) => segment === "." || segment === "..")) return 'has a "." or ".." segment';
  if (segments[0] === RESERVED_FOLDER) return `is in the reserved folder ${RESERVED_FOLDER}/, where published pages live`;
  if (segments.some((segment) => segment.startsWith(TEMP_PREFIX))) return `has a name starting with ${TEMP_PREFIX}, which is reserved for files being written`;
  return undefined;
}

/** A folder path inside a client folder ("" for the folder itself): the same rules, without a trailing slash. */
export function validateFolderPath(folder: string): string {
  const trimmed = folder.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  return validateFilePath(trimmed);
}

/** The store key of a file of a client; checks the client name, the path and the key's length. */
export function clientFileKey(prefix: string, client: string, path: string): string {
  const key = clientFolderKey(prefix, validateClientName(client)) + validateFilePath(path);
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
