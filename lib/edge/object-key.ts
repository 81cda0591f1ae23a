/**
 * The object key a request path names, as S3 would see it behind CloudFront's origin path:
 * segments percent-decoded (so `%2F` becomes a `/`), then refused if any segment is `.` or `..`,
 * or the key holds a NUL or a backslash. Returns undefined for a path that names no object.
 */
export function objectKeyForPath(rawPath: string, originPrefix: string): string | undefined {
  if (!rawPath.startsWith("/") || rawPath === "/") return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.slice(1));
  } catch {
    return undefined;
  }
  if (/[\0\\]/.test(decoded)) return undefined;
  if (decoded.split("/").some((segment) => segment === "." || segment === "..")) return undefined;
  const prefix = originPrefix.replace(/^\/+|\/+$/g, "");
  return prefix ? `${prefix}/${decoded}` : decoded;
}
