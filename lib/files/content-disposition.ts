/**
 * `attachment` with the original file name (RFC 6266): an ASCII fallback in `filename` and the
 * exact UTF-8 name in `filename*`, so a download saves under the right name in every browser.
 */
export function attachmentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
