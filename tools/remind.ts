import { hostname } from "node:os";
import { systemClock } from "../lib/clock.js";
import { Claims } from "../lib/delivery/claims.js";
import { createActivitySource } from "../lib/activity/from-config.js";
import { noActivityYet } from "../lib/delivery/activity-source.js";
import { MailSettingsStore } from "../lib/delivery/mail-settings.js";
import { runReminders } from "../lib/delivery/remind.js";
import { clientLook } from "../lib/delivery/client-look.js";
import { BrandStore } from "../lib/brand/brand-store.js";
import { ClientProfiles } from "../lib/files/client-profiles.js";
import { createMailer } from "../lib/mail/create-mailer.js";
import { createPublishing } from "../lib/publishing/create-publishing.js";
import { formatDuration } from "../lib/format.js";
import { EXIT_CODE } from "../lib/errors.js";
import { loadToolConfig, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

/** `signed-share remind` (tools/commands/local.ts). */
export async function run(line: CommandLine, { io, env }: LocalContext): Promise<number> {
  const values = line.values as { json?: boolean; config?: string };
  const config = loadToolConfig(values.config, env);
  const publishing = createPublishing(config, { clock: systemClock });
  const mailer = createMailer(config, { store: publishing.store, clock: systemClock });
  if (mailer.kind === "off") throw new UsageError(`cannot send e-mail: ${mailer.description} (docs/delivery.md)`);
  try {
    const report = await runReminders({
      records: publishing.records,
      claims: new Claims(publishing.store, systemClock, `remind ${hostname()} ${process.pid} ${systemClock().toISOString()}`),
      mailer,
      clock: systemClock,
      mail: config.mail,
      activity:
        createActivitySource(config, { store: publishing.store, records: publishing.records, clock: systemClock }) ?? noActivityYet,
      settings: new MailSettingsStore(publishing.store, systemClock),
      look: (client) => clientLook({ brand: new BrandStore(publishing.store, systemClock), profiles: new ClientProfiles(publishing.store, systemClock) }, client),
      ...(config.portal.url ? { portalUrl: config.portal.url } : {}),
    });
    const failed = report.outcomes.filter((o) => o.status === "failed");
    if (values.json) io.stdout.write(`${JSON.stringify({ ...report, via: mailer.description })}\n`);
    else {
      for (const o of report.outcomes) {
        io.stderr.write(`${o.status}: ${o.event} for ${o.client} link ${o.linkId}${o.to ? ` to ${o.to.join(", ")}` : ""}${o.detail ? ` (${o.detail})` : ""}\n`);
      }
      const sent = report.outcomes.filter((o) => o.status === "sent").length;
      io.stderr.write(
        `checked ${report.links} links (reminders ${formatDuration(config.mail.remindBeforeMs)} before expiry): ${sent} sent, ${failed.length} failed, ${report.alreadyClaimed} already sent by another run\n`,
      );
    }
    // Some messages of the batch failed, the others went out.
    return failed.length > 0 ? EXIT_CODE.partial : 0;
  } finally {
    mailer.close();
  }
}

