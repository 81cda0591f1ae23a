import { hostname } from "node:os";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { Claims } from "../delivery/claims.js";
import type { Mailer } from "../mail/mailer.js";
import { hasTagging, type ObjectStore } from "../storage/object-store.js";
import { ClamdClient } from "./clamd-client.js";
import { infectedAlert } from "./infected-alert.js";
import { ClamdScanner, GuardDutyScanner, type Scanner } from "./scanner.js";
import { Scanning } from "./scanning.js";

export interface ScanningParts {
  store: ObjectStore;
  clock: Clock;
  /** Sends the infected-file alerts; without it (or with mail off) none is sent. */
  mailer?: Mailer;
  /** The admin accounts' addresses, asked when SHARE_SCAN_ALERTS_TO is empty. */
  adminAddresses?: () => Promise<string[]>;
  /** The GuardDuty client (tests point one at a fake); default: one for the stack's region. */
  guardDuty?: GuardDutyClient;
  log?: (message: string) => void;
}

/** The scanner the configuration names, or undefined when scanning is off. */
export function createScanner(config: Config, parts: Pick<ScanningParts, "store" | "clock" | "guardDuty">): Scanner | undefined {
  const scanner = config.scanning.scanner;
  if (scanner.kind === "off") return undefined;
  if (scanner.kind === "clamd") {
    if (!hasTagging(parts.store)) throw new Error(`scanning with clamd needs object tags, which ${parts.store.location} does not keep`);
    return new ClamdScanner(parts.store, new ClamdClient(scanner.address), parts.clock);
  }
  if (config.mode !== "aws") throw new Error("SHARE_SCANNER=guardduty needs SHARE_BUCKET");
  const client = parts.guardDuty ?? new GuardDutyClient({ ...(config.region ? { region: config.region } : {}) });
  return new GuardDutyScanner(client, parts.store, config.bucket);
}

/** Malware scanning for a configuration, on the store the rest of the process uses (docs/scanning.md). */
export function createScanning(config: Config, parts: ScanningParts): Scanning {
  const scanner = createScanner(config, parts);
  const { mailer } = parts;
  const onInfected =
    scanner && mailer && mailer.kind !== "off"
      ? infectedAlert({
          mailer,
          claims: new Claims(parts.store, parts.clock, `scan ${hostname()} ${process.pid} ${parts.clock().toISOString()}`),
          from: { ...(config.mail.senderName ? { name: config.mail.senderName } : {}), address: config.mail.from },
          recipients: async () => (config.scanning.alertsTo.length > 0 ? config.scanning.alertsTo : ((await parts.adminAddresses?.()) ?? [])),
          prefix: config.prefix,
          ...(parts.log ? { log: parts.log } : {}),
        })
      : undefined;
  return new Scanning({
    store: parts.store,
    ...(scanner ? { scanner } : {}),
    ...(config.scanning.scanner.kind === "off" ? { offReason: config.scanning.scanner.reason } : {}),
    ...(onInfected ? { onInfected } : {}),
    ...(parts.log ? { log: parts.log } : {}),
  });
}
