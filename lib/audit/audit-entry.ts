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
