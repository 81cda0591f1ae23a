/** Who runs an operation: a signed-in person or token at the portal, or whoever runs the CLI. */
export interface Actor {
  /** "olivia", "ann@example.com", "token:ci", "cli:alice" (the CLI's --by). */
  name: string;
  /** The CLI runs with the rights of whoever holds the configuration: admin. */
  role: "admin" | "operator";
  via: "portal" | "api" | "cli";
  /** The address the request came from (portal and API); the audit trail keeps what PORTAL_AUDIT_ADDRESS allows. */
  from?: string;
  /** Signed in with an API token (Authorization: Bearer): operations with `tokens: false` refuse it. */
  token?: boolean;
}

/** A flat, secret-free description of one state change, for the audit trail. */
export type AuditDetails = Record<string, string | number | boolean | null | readonly string[]>;
