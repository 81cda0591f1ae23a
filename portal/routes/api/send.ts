import { Hono } from "hono";
import { z } from "zod";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDelivery, PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { findLink } from "../../sharing/links.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { sendFromPortal } from "../../sharing/send-link.js";
import { DeliveryFailedError } from "../../../lib/delivery/send-link.js";
import { MailSendError } from "../../../lib/mail/mailer.js";
import { SendLimitError } from "../../../lib/mail/send-limit.js";
import { linkStatus } from "../../../lib/links/link-record.js";

const sendBody = z.object({
  to: z.union([z.string(), z.array(z.string())]).optional(),
  contacts: z.boolean().optional(),
  message: z.string().optional(),
});

/**
 * POST /api/links/:linkId/send {"to": [...]} or {"contacts": true}, optionally {"message": "..."}:
 * 200 sent; 400 bad recipients or message; 429 over the hourly limit; 502 the mail server refused
 * (the link exists, its record notes the failure); 503 e-mail is not set up.
 */
export function sendApiRoutes(deps: PortalDeps, delivery: PortalDelivery, reads: ReadCache) {
  return new Hono<AppEnv>().post("/api/links/:linkId/send", requireUser(), async (c) => {
    const user = c.get("user");
    let body: z.infer<typeof sendBody>;
    try {
      const parsed = sendBody.safeParse(await c.req.json());
      if (!parsed.success) return c.json({ error: 'body: send {"to": ["client@example.com"]} or {"contacts": true}, optionally with "message"' }, 400);
      body = parsed.data;
    } catch {
      return c.json({ error: 'body: send a JSON object like {"to": ["client@example.com"]}, with Content-Type: application/json' }, 400);
    }
    try {
      const record = await findLink(deps.publisher.records, c.req.param("linkId"), c.req.query("client") || undefined);
      const sent = await sendFromPortal(deps, delivery, user, record, body);
      reads.linksChanged();
      deps.logger.info({ event: "link-sent", client: record.client, linkId: record.linkId, by: user.name, recipients: sent.delivery.to.length, via: sent.delivery.via ?? "" });
      return c.json({ delivery: sent.delivery, link: { ...sent.record, status: linkStatus(sent.record, deps.clock()) } });
    } catch (error) {
      if (error instanceof DeliveryFailedError) {
        reads.linksChanged();
        return c.json({ error: error.message, delivery: error.delivery, link: { ...error.record, status: linkStatus(error.record, deps.clock()) } }, 502);
      }
      if (error instanceof SendLimitError) {
        c.header("Retry-After", String(error.retryAfterSeconds));
        return c.json({ error: error.message }, 429);
      }
      if (error instanceof MailSendError) return c.json({ error: error.message }, 503);
      const known = publishErrorStatus(error);
      if (!known) throw error;
      return c.json({ error: known.message }, known.status);
    }
  });
}
