import { StorageError } from "./errors.js";

/** Top-level folder of the data directory that holds sidecar metadata; never a key. */
export const RESERVED_DIR = ".signed-share";
/** Temp files being written start with this; they never show in listings. */
export const TEMP_PREFIX = ".~tmp-";
const MAX_KEY_BYTES = 1024;

/** Why `key` cannot name a file under the root, or undefined when it can. */
export function unsafeKeyReason(key: string): string | undefined {
  if (key === "") return "it is empty";
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes("\0")) return "it contains a NUL character";
  if (key.includes("\\")) return "it contains a backslash";
  if (key.startsWith("/")) return "it is an absolute path (starts with /)";
  const segments = key.split("/");
  if (segments[segments.length - 1] === "") segments.pop(); // "folder/" is a folder marker
  for (const segment of segments) {
    if (segment === "") return "it has an empty path segment (//)";
    if (segment === "." || segment === "..") return `it has a "${segment}" path segment`;
    if (segment.startsWith(TEMP_PREFIX)) return `a path segment starts with the reserved "${TEMP_PREFIX}"`;
  }
  if (segments[0] === RESERVED_DIR) return `"${RESERVED_DIR}/" is reserved for metadata`;
  return undefined;
}

/** Throws a StorageError naming the key and the rule it breaks. */
export function assertSafeKey(key: string, location: string): void {
  const reason = unsafeKeyReason(key);
  if (reason) {
    throw new StorageError(
      `Refusing key ${JSON.stringify(key)} in ${location}: ${reason}. Keys are relative paths like "client_files/acme/report.pdf".`,
      "InvalidKey",
      location,
      key,
    );
  }
}

/**
 * Sorts like S3 listings: by the UTF-8 bytes of the key, which is code-point order. UTF-16 code
 * units agree with it except that surrogates (code points above U+FFFF) sort after U+E000-U+FFFF;
 * compared unit by unit, without encoding either string.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const xSurrogate = x <= 0xdfff;
      if (xSurrogate !== y <= 0xdfff) return xSurrogate ? 1 : -1;
    }
    return x - y;
  }
  return a.length - b.length;
}
