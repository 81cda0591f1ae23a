/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
export function toCloudFrontBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/[+=/]/g, (c) => (c === "+" ? "-" : c === "=" ? "_" : "~"));
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
