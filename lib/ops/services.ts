import type { Clock } from "../clock.js";
import type { MailConfig } from "../config.js";
import type { LogActivitySource } from "../activity/link-activity-source.js";
import type { BrandStore } from "../brand/brand-store.js";
import type { MailSettingsStore } from "../delivery/mail-settings.js";
import type { ClientFiles } from "../files/client-files.js";
import type { ClientProfiles } from "../files/client-profiles.js";
import type { Invalidator } from "../links/invalidator.js";
import type { KeyRotation } from "../keys/rotation/from-config.js";
import type { LinkRecords } from "../links/link-records.js";
import type { Mailer } from "../mail/mailer.js";
import type { SendLimiter } from "../mail/send-limit.js";
import type { Catalog } from "../publishing/catalog.js";
import type { Publisher } from "../publishing/publisher.js";
import type { FileRequestServices } from "../requests/create-requests.js";
import type { DenyList } from "../revocation/deny-list.js";
import type { Scanning } from "../scanning/scanning.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { SsoUsers } from "../users/sso-users.js";
import type { UserStore } from "../users/user-store.js";
import type { ApiTokens } from "../tokens/api-tokens.js";
import type { Actor, AuditDetails } from "./actor.js";
import type { ErrorKind } from "../errors.js";

/** The settings operations read (a slice of the Config, so tests can give just these). */
export interface OpsSettings {
  /** Key prefix of the client folders (SHARE_PREFIX). */
  prefix: string;
  maxExpiryMs: number;
  /** The distribution serves IPv6: IP-restricted links are refused. */
  ipv6Enabled: boolean;
  mail: MailConfig;
  /** The portal's public address (PORTAL_URL): set-password links are made on it when known. */
  portalUrl?: string;
}

/** One entry of the audit trail: a state change, or an attempt that failed half-way. */
export interface AuditEntry {
  /** "link-issued", "client-links-revoked", ... */
  event: string;
  /** The operation's name ("links.issue"). */
  operation: string;
  at: string;
  actor: Actor;
  /** "ok", or the kind of the error after which part of the change stands. */
  outcome: "ok" | ErrorKind;
  /** Where the request came from (the portal's client address); the trail keeps what PORTAL_AUDIT_ADDRESS allows. */
  from?: string;
  details: AuditDetails;
}

/**
 * Where the operations layer writes one entry per state change (lib/ops/run.ts does it for every
 * operation with `mutates: true`, so no door can forget one): the audit trail in the store
 * (lib/audit, docs/audit.md); the portal also logs each entry as a JSON line.
 */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<unknown>;
}

export const NO_AUDIT: AuditTrail = { record: async () => {} };

/** Runs publishing work (signing hundreds of URLs) a few at a time; the portal keeps page views responsive with it. */
export interface WorkGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const NO_GATE: WorkGate = { run: (work) => work() };

/**
 * Everything operations use, built once per process by the composition root (lib/ops/compose.ts)
 * from the configuration: the same for the portal, the Lambda handler and the CLI. Operations
 * never create clients or read the environment themselves.
 */
export interface Services {
  clock: Clock;
  store: ObjectStore;
  settings: OpsSettings;
  catalog: Catalog;
  records: LinkRecords;
  publisher: Publisher;
  invalidator?: Invalidator;
  /** The edge's revocation list; absent for a stack deployed without the guard. */
  denyList?: DenyList;
  /** Download activity; absent in AWS mode without the activity log bucket. */
  activity?: LogActivitySource;
  profiles: ClientProfiles;
  /** Creating clients, uploads, deleting files; absent where the portal only reads and issues links. */
  files?: ClientFiles;
  /** Sending links by e-mail; absent where e-mail is not offered at all (its kind is "off" when it is offered but not set up). */
  mailer?: Mailer;
  mailSettings: MailSettingsStore;
  /** The organisation's brand (docs/branding.md), read afresh on each page published and message sent. */
  brand: BrandStore;
  /** Malware scanning (docs/scanning.md): publishing leaves off what is not scanned clean; off when not configured. */
  scanning: Scanning;
  sendLimiter: SendLimiter;
  /** File requests (docs/requests.md): the requests, and the upload API's work; absent in tests that do not need them. */
  requests?: FileRequestServices;
  /** API tokens for pipelines (portal/tokens/). */
  tokens: ApiTokens;
  audit: AuditTrail;
  /** The audit trail as the Audit page and `signed-share audit` read it. */
  auditLog: AuditLog;
  /** Local accounts (passwords, two-factor sign-in, set-password links). */
  users: UserStore;
  /** People who signed in through SSO (provider, last sign-in, disabled). */
  ssoUsers: SsoUsers;
  gate: WorkGate;
  /** Key rotation (docs/rotation.md): the key store, the trusted key group and the edge, opened when a rotation runs; absent in tests that do not rotate. */
  keyRotation?: KeyRotation;
}
