import { z } from "zod";
import { SCAN_STATUSES, type ScanVerdict } from "../../scanning/scan-status.js";

/** A file's malware scan as documents show it: the status word, and what explains it when there is something. */
export const scanFields = {
  scan: z.enum(SCAN_STATUSES).meta({ description: "The malware scan: clean, infected, pending (not scanned yet), error or off (docs/scanning.md)" }),
  scanDetail: z.string().optional().meta({ description: "The signature found, or why there is no verdict" }),
};

export function scanView(verdict: ScanVerdict): { scan: ScanVerdict["status"]; scanDetail?: string } {
  return { scan: verdict.status, ...(verdict.detail ? { scanDetail: verdict.detail } : {}) };
}

export const fileSchema = z
  .object({
    path: z.string().meta({ description: "The path inside the client's folder" }),
    size: z.number().int(),
    lastModified: z.string(),
    ...scanFields,
  })
  .meta({ id: "ClientFile" });
