// Malware scanning (docs/scanning.md): which scanner, and who hears about infected files.
import { z } from "zod";
import { parseClamdAddress, type ClamdAddress } from "../scanning/clamd-client.js";
import { isAddress } from "./mail.js";
import { commaList, got, type Problem, type SettingsOf } from "./shared.js";
import type { storageSettings } from "./storage.js";

export const scanningSettings = {
  SHARE_SCANNER: z
    .string()
    .refine((text) => text === "off" || text === "guardduty" || parseClamdAddress(text) !== undefined, {
      error: (issue) => `must be clamd://HOST:PORT, clamd:///path/to/clamd.sock, guardduty (the stack output malwareScanner) or off${got(issue.input)}`,
    })
    .optional(),
  SHARE_SCAN_ALERTS_TO: commaList
    .refine((list) => list.every((address) => isAddress(address)), {
      error: (issue) => `must be a comma-separated list of e-mail addresses: who is told about infected files${got(issue.input)}`,
    })
    .transform((list) => list.map((address) => address.toLowerCase()))
    .default([]),
};

type ScanningSettings = SettingsOf<typeof scanningSettings & typeof storageSettings>;

/** Malware scanning (docs/scanning.md): which scanner, and who hears about infected files. */
export interface ScanningConfig {
  scanner: { kind: "clamd"; address: ClamdAddress } | { kind: "guardduty" } | { kind: "off"; reason: string };
  /** SHARE_SCAN_ALERTS_TO; empty: the admin accounts' saved addresses. */
  alertsTo: string[];
}

export function checkScanningSettings(s: ScanningSettings, problem: Problem): void {
  if (s.SHARE_SCANNER === "guardduty" && !s.SHARE_BUCKET) {
    problem("SHARE_SCANNER", "can be guardduty only with SHARE_BUCKET (GuardDuty scans the stack's bucket); in local mode use clamd://HOST:PORT or clamd:///path/to/clamd.sock");
  }
}

export function scanningConfig(s: ScanningSettings): ScanningConfig {
  return { scanner: scannerConfig(s.SHARE_SCANNER), alertsTo: s.SHARE_SCAN_ALERTS_TO };
}

function scannerConfig(value: string | undefined): ScanningConfig["scanner"] {
  if (value === undefined) return { kind: "off", reason: "SHARE_SCANNER is not set, so files are shared without a malware scan" };
  if (value === "off") return { kind: "off", reason: "SHARE_SCANNER is off, so files are shared without a malware scan" };
  if (value === "guardduty") return { kind: "guardduty" };
  return { kind: "clamd", address: parseClamdAddress(value)! };
}
