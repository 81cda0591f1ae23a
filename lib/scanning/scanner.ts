import { SendObjectMalwareScanCommand, type GuardDutyClient } from "@aws-sdk/client-guardduty";
import type { Clock } from "../clock.js";
import type { ObjectStore, ObjectTagging } from "../storage/object-store.js";
import { ClamdError, type ClamdClient } from "./clamd-client.js";
import { tagsForVerdict, verdictFromTags, type ScanVerdict } from "./scan-status.js";

/** What scans the files (SHARE_SCANNER): ClamAV's daemon, or GuardDuty Malware Protection for S3. */
export interface Scanner {
  readonly kind: "clamd" | "guardduty";
  /** For messages: "clamd://127.0.0.1:3310", "Amazon GuardDuty Malware Protection for S3". */
  readonly description: string;
  /** True when storing an object starts its scan without us (GuardDuty watches the bucket); false when the product starts it (clamd). */
  readonly scansOnStore: boolean;
  /**
   * Scans one stored object now and records the verdict beside it (clamd), or asks for a scan whose
   * verdict arrives later as the object's tag (GuardDuty: resolves pending). Resolves undefined when
   * the object does not exist.
   */
  scan(key: string): Promise<ScanVerdict | undefined>;
}

/**
 * ClamAV: streams the object to clamd (INSTREAM) and records the verdict as GuardDuty would, in the
 * object's GuardDutyMalwareScanStatus tag, for the version it scanned only (a file replaced during
 * its scan gets its own scan). Failures that a retry may fix (clamd down, timeout) are reported and
 * not recorded, so the file stays pending; a definite failure (too large for clamd) is recorded.
 */
export class ClamdScanner implements Scanner {
  readonly kind = "clamd";
  readonly scansOnStore = false;
  readonly description: string;

  constructor(
    private readonly store: ObjectStore & ObjectTagging,
    private readonly client: ClamdClient,
    private readonly clock: Clock,
  ) {
    this.description = client.description;
  }

  async scan(key: string): Promise<ScanVerdict | undefined> {
    const object = await this.store.get(key);
    if (!object) return undefined;
    let tags: Record<string, string>;
    try {
      const verdict = await this.client.scan(object.body);
      tags = verdict.infected ? tagsForVerdict("THREATS_FOUND", this.clock(), verdict.signature) : tagsForVerdict("NO_THREATS_FOUND", this.clock());
    } catch (error) {
      object.body.destroy();
      if (error instanceof ClamdError && (error.code === "size-limit" || error.code === "scan-error")) {
        tags = tagsForVerdict("FAILED", this.clock(), error.message);
      } else {
        return { status: "error", detail: error instanceof Error ? error.message : String(error) };
      }
    }
    const recorded = await this.store.putTags(key, tags, object.etag !== undefined ? { ifEtag: object.etag } : {});
    // Replaced (or deleted) while it was scanned: the verdict was for bytes no longer there.
    return recorded ? verdictFromTags(tags) : { status: "pending" };
  }
}

/**
 * GuardDuty Malware Protection for S3 scans every object stored under the plan's prefix by itself;
 * objects stored before the plan existed are scanned only on request (SendObjectMalwareScan).
 */
export class GuardDutyScanner implements Scanner {
  readonly kind = "guardduty";
  readonly scansOnStore = true;
  readonly description = "Amazon GuardDuty Malware Protection for S3";

  constructor(
    private readonly client: GuardDutyClient,
    private readonly store: ObjectStore,
    private readonly bucket: string,
  ) {}

  async scan(key: string): Promise<ScanVerdict | undefined> {
    if (!(await this.store.head(key))) return undefined;
    try {
      await this.client.send(new SendObjectMalwareScanCommand({ S3Object: { Bucket: this.bucket, Key: key } }));
    } catch (error) {
      const e = error as { name?: string; message?: string };
      const advice =
        e.name === "AccessDeniedException"
          ? " (the caller needs guardduty:SendObjectMalwareScan; the stack's portal policy grants it when malwareScanning is on)"
          : e.name === "BadRequestException"
            ? " (is malwareScanning: true deployed for this bucket? On-demand scans need its protection plan)"
            : "";
      return { status: "error", detail: `GuardDuty refused the on-demand scan: ${e.name ?? "Error"}: ${e.message ?? String(error)}${advice}` };
    }
    return { status: "pending" };
  }
}
