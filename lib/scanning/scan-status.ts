/**
 * One scan status everywhere (docs/scanning.md): what `files ls --json` prints, what the portal
 * shows, what `issue` and the edge decide on.
 *
 *   clean     scanned, nothing found: the only status a client is ever served
 *   infected  scanned, a signature matched
 *   pending   not scanned yet (just stored, stored before scanning was on, or scanned before it was replaced)
 *   error     the scanner could not give a verdict (unsupported, access denied, failed)
 *   off       scanning is not configured (SHARE_SCANNER unset): every file is served as before
 */
export const SCAN_STATUSES = ["clean", "infected", "pending", "error", "off"] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/**
 * The object tag Amazon GuardDuty Malware Protection for S3 writes after a scan, and the values it
 * writes. The ClamAV scanner writes the same tag (a local-store sidecar, or an S3 tag), so one
 * reader and one bucket-policy condition serve both.
 */
export const SCAN_TAG = "GuardDutyMalwareScanStatus";
export const SCAN_TAG_VALUES = ["NO_THREATS_FOUND", "THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "FAILED"] as const;
export type ScanTagValue = (typeof SCAN_TAG_VALUES)[number];
/** The value the bucket policy and the local edge accept. */
export const CLEAN_TAG_VALUE: ScanTagValue = "NO_THREATS_FOUND";

/** Our own tags beside it (ClamAV only; GuardDuty reports details through EventBridge): what was found or went wrong, and when. */
export const SCAN_DETAIL_TAG = "SignedShareScanDetail";
export const SCANNED_AT_TAG = "SignedShareScannedAt";

/** A file's scan status with what explains it. */
export interface ScanVerdict {
  status: ScanStatus;
  /** The signature found (infected), or why there is no verdict (error). */
  detail?: string;
  /** When the verdict was reached, when known (ISO 8601). */
  scannedAt?: string;
}

/** The verdict the tags of an object say, with scanning on. */
export function verdictFromTags(tags: Record<string, string> | undefined): ScanVerdict {
  const value = tags?.[SCAN_TAG];
  const detail = tags?.[SCAN_DETAIL_TAG];
  const scannedAt = tags?.[SCANNED_AT_TAG];
  const extra = { ...(detail ? { detail } : {}), ...(scannedAt ? { scannedAt } : {}) };
  switch (value) {
    case undefined:
      return { status: "pending" };
    case "NO_THREATS_FOUND":
      return { status: "clean", ...extra };
    case "THREATS_FOUND":
      return { status: "infected", ...extra };
    case "UNSUPPORTED":
      return { status: "error", detail: detail ?? "the scanner does not support this file (UNSUPPORTED)", ...(scannedAt ? { scannedAt } : {}) };
    case "ACCESS_DENIED":
      return { status: "error", detail: detail ?? "the scanner was denied access to the file (ACCESS_DENIED)", ...(scannedAt ? { scannedAt } : {}) };
    default:
      return { status: "error", detail: detail ?? `the scan failed (${value})`, ...(scannedAt ? { scannedAt } : {}) };
  }
}

/** The tags that record a verdict. Tag values allow letters, digits, spaces and + - = . _ : / @ (S3's rule). */
export function tagsForVerdict(value: ScanTagValue, at: Date, detail?: string): Record<string, string> {
  const safe = detail?.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, "_").slice(0, 256);
  return { [SCAN_TAG]: value, [SCANNED_AT_TAG]: at.toISOString(), ...(safe ? { [SCAN_DETAIL_TAG]: safe } : {}) };
}

/** Only clean files reach a client; with scanning off, every file does as before. */
export function isServable(status: ScanStatus): boolean {
  return status === "clean" || status === "off";
}

/** Words for a person: "not scanned yet", "infected: Eicar-Signature". */
export function describeVerdict(verdict: ScanVerdict): string {
  switch (verdict.status) {
    case "clean":
      return "clean";
    case "infected":
      return `infected${verdict.detail ? `: ${verdict.detail}` : ""}`;
    case "pending":
      return "not scanned yet";
    case "error":
      return `scan failed${verdict.detail ? `: ${verdict.detail}` : ""}`;
    case "off":
      return "scanning is off";
  }
}
