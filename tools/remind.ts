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
import { loadToolConfig, parseFlags, runCli, UsageError } from "./cli.js";

const help = `Usage: signed-share remind [--json] [--config FILE]

Sends what is due, once (docs/delivery.md), and is meant to run every hour from cron, a systemd
timer or an EventBridge schedule:
  - "your link expires in N days" to the recipients of links sent by e-mail that expire within
    SHARE_REMIND_BEFORE (default 2d) and whose files were not all downloaded;
  - to the person who issued a link, "CLIENT downloaded K of N files" at the first download and
    again when every file was downloaded (unless they turned it off on the portal's E-mail page).
Each message is claimed in storage before it is sent, so runs may overlap or repeat: none is sent
twice. A message the mail server surely did not take is tried again by the next run.

  --config FILE  stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json         print one JSON object and nothing else on stdout
  -h, --help     this text

Configuration: as for the portal (SHARE_BUCKET, ...), and the e-mail settings SMTP_URL,
SMTP_TLS_CA, SHARE_MAIL_FROM, PORTAL_SENDER_NAME, SHARE_REMIND_BEFORE, PORTAL_URL (for the link in
notifications). In local mode without SMTP_URL messages go to the outbox in the data directory.

Exit codes: 0 done (also when nothing was due), 1 a message or the storage failed (the others
were still sent), 2 bad configuration or e-mail not set up.

Also runs as: npm run remind -- [arguments]`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { json: { type: "boolean" }, config: { type: "string" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`remind takes no arguments (got ${JSON.stringify(positionals[0])}; see --help)`);
  const config = loadToolConfig(values.config);
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
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, via: mailer.description })}\n`);
    else {
      for (const o of report.outcomes) {
        process.stderr.write(`${o.status}: ${o.event} for ${o.client} link ${o.linkId}${o.to ? ` to ${o.to.join(", ")}` : ""}${o.detail ? ` (${o.detail})` : ""}\n`);
      }
      const sent = report.outcomes.filter((o) => o.status === "sent").length;
      process.stderr.write(
        `checked ${report.links} links (reminders ${formatDuration(config.mail.remindBeforeMs)} before expiry): ${sent} sent, ${failed.length} failed, ${report.alreadyClaimed} already sent by another run\n`,
      );
    }
    // Some messages of the batch failed, the others went out.
    return failed.length > 0 ? EXIT_CODE.partial : 0;
  } finally {
    mailer.close();
  }
}

runCli(main);
