import { hostname } from "node:os";
import { z } from "zod";
import { noActivityYet } from "../../delivery/activity-source.js";
import { Claims } from "../../delivery/claims.js";
import { clientLook } from "../../delivery/client-look.js";
import { runReminders } from "../../delivery/remind.js";
import { ShareError } from "../../errors.js";
import { formatDuration } from "../../format.js";
import { defineOperation } from "../operation.js";

const outcomeSchema = z.object({
  linkId: z.string(),
  client: z.string(),
  event: z.string().meta({ description: "reminder, or the download notification's event" }),
  status: z.enum(["sent", "failed", "skipped"]),
  to: z.array(z.string()).optional(),
  detail: z.string().optional(),
});

/**
 * `delivery.remind`: sends what is due once (docs/delivery.md): expiry reminders to the recipients of
 * links sent by e-mail, download notifications to the people who issued links. Each message is
 * claimed in storage before it is sent, so runs may overlap or repeat.
 */
export const remind = defineOperation({
  name: "delivery.remind",
  summary: "Send due expiry reminders and download notifications, once each (for cron)",
  access: "admin",
  api: false,
  mutates: true,
  input: z.strictObject({}),
  result: z
    .object({
      links: z.number().int().meta({ description: "Links looked at (neither pending nor revoked, not long expired)" }),
      outcomes: z.array(outcomeSchema),
      alreadyClaimed: z.number().int().meta({ description: "Messages another run (or an earlier one) had claimed already" }),
      via: z.string().meta({ description: "How mail is sent (SMTP server, SES, the outbox)" }),
      remindBefore: z.string().meta({ description: "How long before expiry reminders go (SHARE_REMIND_BEFORE), in words" }),
    })
    .meta({ id: "RemindReport" }),
  errors: ["unavailable", "partial"],
  async run(services) {
    const mailer = services.mailer;
    if (!mailer || mailer.kind === "off") throw new ShareError("unavailable", `cannot send e-mail: ${mailer?.description ?? "e-mail is not offered here"} (docs/delivery.md)`);
    const now = services.clock();
    const report = await runReminders({
      records: services.records,
      claims: new Claims(services.store, services.clock, `remind ${hostname()} ${process.pid} ${now.toISOString()}`),
      mailer,
      clock: services.clock,
      mail: services.settings.mail,
      activity: services.activity ?? noActivityYet,
      settings: services.mailSettings,
      look: (client) => clientLook({ brand: services.brand, profiles: services.profiles }, client),
      ...(services.settings.portalUrl ? { portalUrl: services.settings.portalUrl } : {}),
    });
    const result = { ...report, via: mailer.description, remindBefore: formatDuration(services.settings.mail.remindBeforeMs) };
    const failed = report.outcomes.filter((o) => o.status === "failed").length;
    // Some messages of the batch failed, the others went out: what was done stands beside the error.
    if (failed > 0) throw new ShareError("partial", `${failed} of ${report.outcomes.length} messages failed; the next run tries them again`, { partial: result });
    return result;
  },
  audit: (_input, result) => ({
    event: "reminders-sent",
    details: {
      sent: (result.outcomes ?? []).filter((o) => o.status === "sent").length,
      failed: (result.outcomes ?? []).filter((o) => o.status === "failed").length,
    },
  }),
});
