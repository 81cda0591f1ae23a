/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
export function toCloudFrontBase64(bytes: Buffer): string {
  // base64url already maps + to -; it writes / as _ and drops the padding, which CloudFront writes as ~ and _.
  return bytes.toString("base64url").replaceAll("_", "~") + "__".slice(0, (3 - (bytes.length % 3)) % 3);
}

/**
 * Inverse of toCloudFrontBase64; returns undefined for text that is not canonical CloudFront base64
 * (Node's decoder ignores stray characters, so the round trip is checked).
 */
export function fromCloudFrontBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9\-_~]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/[-_~]/g, (c) => (c === "-" ? "+" : c === "_" ? "=" : "/")), "base64");
  return toCloudFrontBase64(bytes) === text ? bytes : undefined;
}
