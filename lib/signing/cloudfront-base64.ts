/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
export function toCloudFrontBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/[+=/]/g, (c) => (c === "+" ? "-" : c === "=" ? "_" : "~"));
}

/** Inverse of toCloudFrontBase64; returns undefined for text that is not CloudFront base64. */
export function fromCloudFrontBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9\-_~]*$/.test(text)) return undefined;
  return Buffer.from(text.replace(/[-_~]/g, (c) => (c === "-" ? "+" : c === "_" ? "=" : "/")), "base64");
}
