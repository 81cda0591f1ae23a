import { describeVerdict, type ScanVerdict } from "../../lib/scanning/scan-status.js";

/** What the client page knows of malware scanning (docs/scanning.md). */
export interface ScanView {
  enabled: boolean;
  /** The scanner, or why scanning is off. */
  description: string;
  /** Each listed file's verdict, by path inside the client folder. */
  byPath?: ReadonlyMap<string, ScanVerdict>;
  /** Set when only the first N files' statuses were read. */
  limitedTo?: number;
}

/** A file's scan status as a badge whose word says it all (colour only supports it). */
export function ScanBadge({ verdict }: { verdict: ScanVerdict }) {
  const word = verdict.status === "pending" ? "not scanned yet" : verdict.status === "error" ? "scan failed" : verdict.status;
  return (
    <span class={`badge badge--scan-${verdict.status}`} title={describeVerdict(verdict)}>
      {word}
    </span>
  );
}

/** Above the file list: scanning off, or what is held back. */
export function ScanNotice({ scan }: { scan: ScanView }) {
  if (!scan.enabled) {
    return (
      <p class="alert alert--warning" role="note">
        Malware scanning is off: files are shared without a scan. Set SHARE_SCANNER (docs/scanning.md) to scan every file as it is stored.
      </p>
    );
  }
  const notClean = [...(scan.byPath?.values() ?? [])].filter((verdict) => verdict.status !== "clean").length;
  return (
    <p class="hint" role="note">
      Files are scanned for malware ({scan.description}); only clean files go on a client's page.
      {notClean > 0 ? ` ${notClean} ${notClean === 1 ? "file is" : "files are"} not clean yet and will be left off.` : ""}
      {scan.limitedTo !== undefined ? ` Statuses shown for the first ${scan.limitedTo} files; signed-share files ls shows them all.` : ""}
    </p>
  );
}
