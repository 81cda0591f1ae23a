import { acceptWhenClean, type Scanning } from "../scanning/scanning.js";
import { moveKeepsTags } from "../storage/move-object.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { AcceptReceived } from "./request-uploads.js";

/**
 * Scan, then accept (docs/requests.md#scanning): a received file moves under received/ only when it is
 * scanned clean, at once with scanning off. Where the move leaves the verdict behind (S3, where only the
 * scanner may write scan tags), the moved file is scanned again where it landed.
 */
export function acceptScanned(scanning: Scanning, store: ObjectStore): AcceptReceived {
  return async (key, accept, acceptedKey) => {
    const outcome = await acceptWhenClean(scanning, key, async () => {
      await accept();
      if (scanning.enabled && !moveKeepsTags(store)) void scanning.scanStored(acceptedKey);
    });
    return { accepted: outcome.accepted, ...(outcome.verdict ? { verdict: outcome.verdict.status } : {}) };
  };
}
