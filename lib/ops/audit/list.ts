import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { auditEventSchema } from "../../audit/audit-entry.js";
import { defineOperation } from "../operation.js";
import { parsePastInstant } from "./past-instant.js";

export const auditFilterInput = {
  user: z.string().max(320).optional().meta({ description: "Only what this user (or API token, or cli:NAME) did" }),
  client: z.string().max(1024).optional().meta({ description: "Only events about this client" }),
  action: z.string().max(100).optional().meta({ description: 'An event name ("link-revoked"), or a prefix ending in * ("user-*")', example: "link-*" }),
  since: z.string().max(100).optional().meta({ description: 'From this instant: ISO 8601, epoch seconds, or a duration back from now ("7d")' }),
  until: z.string().max(100).optional().meta({ description: "Up to this instant (same forms)" }),
};

/** The filter of an input, with its instants read. */
export function auditFilter(input: { user?: string | undefined; client?: string | undefined; action?: string | undefined; since?: string | undefined; until?: string | undefined }, now: Date) {
  return {
    ...(input.user ? { user: input.user } : {}),
    ...(input.client ? { client: input.client } : {}),
    ...(input.action ? { action: input.action } : {}),
    ...(input.since ? { since: parsePastInstant("since", input.since, now) } : {}),
    ...(input.until ? { until: parsePastInstant("until", input.until, now) } : {}),
  };
}

/** `audit.list`: the audit trail, newest first, a page at a time. */
export const listAudit = defineOperation({
  name: "audit.list",
  summary: "List audit events, newest first, filtered by user, client, action and time",
  description: "A page at a time: give `next` back as `cursor`. Filters are read from the events' keys, so only the events shown are read (docs/audit.md).",
  access: "admin",
  mutates: false,
  input: z.strictObject({
    ...auditFilterInput,
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(500).optional().meta({ description: "Events per page (default 50, at most 500)" }),
    cursor: z.string().max(2000).optional().meta({ description: "The `next` of the previous page" }),
  }),
  result: z
    .object({
      events: z.array(auditEventSchema),
      next: z.string().optional().meta({ description: "The cursor of the next (older) page; absent on the last" }),
      stoppedEarly: z.boolean().optional().meta({ description: "The page looked at 20,000 events without filling up; `next` goes on from there" }),
    })
    .meta({ id: "AuditPage" }),
  errors: [],
  async run(services, input) {
    const filter = auditFilter(input, services.clock());
    try {
      const page = await services.auditLog.page(filter, { ...(input.limit ? { limit: input.limit } : {}), ...(input.cursor ? { cursor: input.cursor } : {}) });
      return page;
    } catch (error) {
      if (error instanceof RangeError) throw new InvalidRequestError(error.message, { field: "cursor" });
      throw error;
    }
  },
});
