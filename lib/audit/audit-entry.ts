import { z } from "zod";

/** Who did something, as the audit trail keeps it. */
export interface AuditActor {
  /** "olivia", "ann@example.com", "token:ci", "cli:alice"; for a failed sign-in, the name that was tried. */
  name: string;
  role?: "admin" | "operator";
  via: "portal" | "api" | "cli" | "lambda";
}

export type AuditValue = string | number | boolean | null | readonly string[];

/** One event as written: a state change, a sign-in, or an attempt and how it ended. */
export interface AuditEvent {
  /** Unique, sorts newest first: the event's key in the store. */
  id: string;
  at: string;
  /** "link-issued", "sign-in-failed", "user-disabled", ... */
  event: string;
  /** The operation that made it ("links.issue"), when one did. */
  operation?: string;
  actor: AuditActor;
  /** Where the request came from, as PORTAL_AUDIT_ADDRESS allows (null: not kept, or the CLI). */
  from: string | null;
  /** "ok", "refused", or the kind of error after which part of the change stands. */
  outcome: string;
  /** The client folder it concerns, when exactly one. */
  client?: string;
  details: Record<string, AuditValue>;
}

/** What a writer gives; the log adds the id and the address rule. */
export type NewAuditEvent = Omit<AuditEvent, "id" | "from"> & { from?: string | null };

/** What a stored event must be to be read back (the audit trail's reads and the API's AuditEvent); an event that is not is skipped. */
export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    event: z.string().meta({ description: 'What happened: "link-issued", "sign-in-failed", "user-disabled", ...' }),
    operation: z.string().optional().meta({ description: 'The operation that made the change ("links.issue")' }),
    actor: z.object({ name: z.string(), role: z.enum(["admin", "operator"]).optional(), via: z.string() }),
    from: z.string().nullable().meta({ description: "Where the request came from, as PORTAL_AUDIT_ADDRESS keeps it; null for the CLI or when not kept" }),
    outcome: z.string().meta({ description: '"ok", "refused", or the error kind after which part of the change stands' }),
    client: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()).readonly()])),
  })
  .meta({ id: "AuditEvent" });
