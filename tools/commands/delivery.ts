// The delivery family on the command line: `signed-share remind`, for cron.
import { ops } from "../../lib/ops/registry.js";
import { defineCommand } from "./command.js";

export const remindCommand = defineCommand({
  name: "remind",
  usage: "remind",
  summary: "send due expiry reminders and download notifications, once each (for cron)",
  description:
    'Sends what is due, once (docs/delivery.md), and is meant to run every hour from cron, a systemd timer or an EventBridge schedule: "your link expires in N days" to the recipients of links sent by e-mail that expire within SHARE_REMIND_BEFORE (default 2d) and whose files were not all downloaded; to the person who issued a link, "CLIENT downloaded K of N files" at the first download and again when every file was downloaded (unless they turned it off on the portal\'s E-mail page). Each message is claimed in storage before it is sent, so runs may overlap or repeat: none is sent twice. A message the mail server surely did not take is tried again by the next run; when some failed, the others still went out and the exit code is 1 (with --json the report comes with an `error` member).\n\nConfiguration: as for the portal (SHARE_BUCKET, ...), and the e-mail settings SMTP_URL, SMTP_TLS_CA, SHARE_MAIL_FROM, PORTAL_SENDER_NAME, SHARE_REMIND_BEFORE, PORTAL_URL (for the link in notifications). In local mode without SMTP_URL messages go to the outbox in the data directory.',
  arguments: [],
  flags: [],
  examples: ["signed-share remind", "signed-share remind --json | jq '.outcomes[] | select(.status == \"failed\")'"],
  operation: ops.delivery.remind,
  print(report, io) {
    for (const o of report.outcomes) io.stderr.write(`${o.status}: ${o.event} for ${o.client} link ${o.linkId}${o.to ? ` to ${o.to.join(", ")}` : ""}${o.detail ? ` (${o.detail})` : ""}\n`);
    const count = (status: string) => report.outcomes.filter((o) => o.status === status).length;
    io.stderr.write(`checked ${report.links} links (reminders ${report.remindBefore} before expiry): ${count("sent")} sent, ${count("failed")} failed, ${report.alreadyClaimed} already sent by another run\n`);
  },
});

export const DELIVERY_COMMANDS = [remindCommand];
