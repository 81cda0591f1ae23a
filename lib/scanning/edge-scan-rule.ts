import { isServable } from "./scan-status.js";
import type { Scanning } from "./scanning.js";
import { servedWithoutScan } from "./served-unscanned.js";

/**
 * The bucket policy's scan condition, for the local edge (docs/scanning.md): with scanning on, an
 * object under the prefix is served only when its scan says clean, except the product's own pages
 * and the rotation probe. Like S3 under that policy, a missing object is refused the same way as
 * an unscanned one (the condition cannot hold for an object that does not exist).
 * Resolves true when the edge may serve the key.
 */
export function edgeScanRule(scanning: Scanning, prefix: string): (key: string) => Promise<boolean> {
  return async (key) => {
    if (!scanning.enabled || servedWithoutScan(prefix, key)) return true;
    const verdict = await scanning.status(key).catch(() => undefined);
    return verdict !== undefined && isServable(verdict.status);
  };
}
