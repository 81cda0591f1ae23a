/**
 * The objects of the served prefix that CloudFront may read whatever their scan status: the
 * product's own index pages and the rotation probe (docs/scanning.md). One list, in the form of a
 * bucket policy's resource patterns: the stack puts it in the bucket policy's NotResource
 * (infra/bucket-policy.ts), and the local edge matches keys against the very same patterns, with
 * IAM's wildcard rules, so both refuse and allow exactly the same keys.
 *
 * No import: infra/ loads this file too.
 */

/** The reserved folder of published pages (lib/links/layout.ts RESERVED_FOLDER). */
const PAGE_FOLDER = "_links";
/** Link ids are 22 base64url characters (lib/links/layout.ts newLinkId). */
const LINK_ID_LENGTH = 22;
/** The rotation tool's probe object, directly under the prefix (lib/keys/rotation/edge-probe.ts). */
const PROBE_FILE_NAME = "_rotation-probe.txt";

/** Key patterns, relative to the bucket: `*` is any run of characters (`/` included), `?` exactly one. */
export function unscannedServedPatterns(prefix: string): string[] {
  const root = prefix ? `${prefix}/` : "";
  return [`${root}*/${PAGE_FOLDER}/${"?".repeat(LINK_ID_LENGTH)}.html`, `${root}${PROBE_FILE_NAME}`];
}

/** IAM's resource matching: `*` matches any run of characters, `?` exactly one, the rest literally. */
export function matchesResourcePattern(pattern: string, key: string): boolean {
  let regex = "^";
  for (const char of pattern) regex += char === "*" ? "[\\s\\S]*" : char === "?" ? "[\\s\\S]" : char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${regex}$`, "u").test(key);
}

/** True when the key is one of the objects served without a clean scan. */
export function servedWithoutScan(prefix: string, key: string): boolean {
  return unscannedServedPatterns(prefix).some((pattern) => matchesResourcePattern(pattern, key));
}
