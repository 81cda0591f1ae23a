import type { Clock } from "../lib/clock.js";
import type { Publisher } from "../lib/publish/publisher.js";
import type { ObjectStore } from "../lib/storage/object-store.js";
import type { ClientFiles } from "../lib/files/client-files.js";
import type { LogActivitySource } from "../lib/activity/link-activity-source.js";
import type { ApiTokens } from "./auth/api-tokens.js";
import type { OidcClient } from "./auth/oidc.js";
import type { UserStore } from "./auth/user-store.js";
import type { Logger } from "./logger.js";
import type { MailConfig } from "../lib/config.js";
import type { Mailer } from "../lib/mail/mailer.js";
import type { SendLimiter } from "../lib/mail/send-limit.js";
import type { FileRequestServices } from "../lib/requests/create-requests.js";
import type { Scanning } from "../lib/scanning/scanning.js";

/** The active signing key as the keys page shows it: never the private key. */
export interface KeyStatus {
  keyPairId: string;
  /** "rsa" or "ecdsa" */
  type: string;
  /** ISO 8601, when the store knows it */
  createdAt?: string;
  /** where the key lives, e.g. "dir:/srv/share/keys" or "secretsmanager:NAME" */
  store: string;
}

export interface KeyHistoryItem {
  keyPairId: string;
  type: string;
  createdAt: string;
  active: boolean;
}

/** Read-only view of the key store for the admin keys page. */
export interface KeyStatusSource {
  status(): Promise<KeyStatus>;
  /** Earlier keys, newest first; omit when the store keeps no history. */
  history?(): Promise<KeyHistoryItem[]>;
}

/** Sending links by e-mail (docs/delivery.md). */
export interface PortalDelivery {
  mailer: Mailer;
  mail: MailConfig;
  /** Recipients per user and hour. */
  limiter: SendLimiter;
}

/** Everything the portal needs from outside; the server entry and the tests build it. */
export interface PortalDeps {
  store: ObjectStore;
  users: UserStore;
  /** Publishes links and gives the catalog of clients and the link records (lib/publish). */
  publisher: Publisher;
  /** Creating clients, uploads, deleting files; without it the portal only reads and issues links. */
  files?: ClientFiles;
  /** Where browsers send upload parts when it is not the portal (the bucket's origin in AWS mode): allowed in the pages' CSP. */
  uploadOrigin?: string;
  /** API tokens (Authorization: Bearer on /api); default: stored under portal/tokens/ in `store`. */
  tokens?: ApiTokens;
  /** Download activity from the edge's access logs; absent in AWS mode without SHARE_ACTIVITY_LOG_BUCKET. */
  activity?: LogActivitySource;
  /** Signing key status for the keys page (admin only). */
  keys: KeyStatusSource;
  /** How long the pages reuse a listing of clients, files and link records (default 5000 ms; 0 lists on every view). */
  listingCacheMs?: number;
  /** Who the ready-to-paste client message is from ("Example Ltd"); the signed-in user's name when unset. */
  senderName?: string;
  /** HMAC key for session cookies and CSRF tokens (PORTAL_SESSION_SECRET); at least 32 characters. */
  sessionSecret: string;
  clock: Clock;
  logger: Logger;
  /** Single sign-on; absent when OIDC is not configured. */
  oidc?: OidcClient;
  /** Secure cookies (and HSTS): true whenever users reach the portal over HTTPS. */
  secureCookies: boolean;
  /** Public base URL (PORTAL_URL), e.g. "https://share-admin.example.com"; used for the Origin check behind a proxy. */
  portalUrl?: string;
  /** Take the client address from X-Forwarded-For (set only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** E-mail delivery of links; without it the issued-link page offers copy and paste only. */
  delivery?: PortalDelivery;
  /** File requests (docs/requests.md): the pages, and the upload API the files host forwards here. */
  requests?: FileRequestServices;
  /** Malware scanning (docs/scanning.md): statuses on the pages and in the API; off (every status "off") when absent. */
  scanning?: Scanning;
}
