import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { MailSettingsStore } from "../lib/delivery/mail-settings.js";
import { createMailer } from "../lib/mail/create-mailer.js";
import { createScanning } from "../lib/scanning/from-config.js";
import type { Scanning } from "../lib/scanning/scanning.js";
import type { ObjectStore } from "../lib/storage/object-store.js";
import { adminAddresses } from "../portal/admin-addresses.js";
import { UserStore } from "../lib/users/user-store.js";

/**
 * Malware scanning for a command-line run (docs/scanning.md): the configured scanner, and the
 * infected-file alert by e-mail (claimed once, so the portal and other runs never repeat it).
 * `close()` waits for scans and alerts started in the background, then closes the mailer.
 */
export function openScanning(config: Config, store: ObjectStore): { scanning: Scanning; close(): Promise<void> } {
  const mailer = createMailer(config, { store, clock: systemClock });
  const scanning = createScanning(config, {
    store,
    clock: systemClock,
    mailer,
    adminAddresses: adminAddresses(new UserStore(store, systemClock), new MailSettingsStore(store, systemClock)),
    log: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  return {
    scanning,
    async close() {
      await scanning.idle();
      mailer.close();
    },
  };
}
