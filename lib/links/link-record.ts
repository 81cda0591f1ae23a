/**
 * The audit record of one issued link, kept at `portal/links/<client>/<linkId>.json` (docs/architecture.md#publishing-a-link).
 * Written when the link is published; afterwards only revocation, sending (deliveries, recipients) and label edits change it.
 */
export interface LinkRecord {
  /** Random, URL-safe id; also the page's file name under the client's reserved folder. */
  linkId: string;
  client: string;
  /** The signed URL of the index page: the one link sent to the client. */
  url: string;
  /** Object key of the index page. */
  pageKey: string;
  /**
   * Objects published with a page for many files (its file manifest and its download list for curl,
   * docs/links.md#pages-for-many-files): deleted with the page when the link is revoked.
   */
  pageObjects?: string[];
  /** The files the link covers with their sizes, kept for download activity (lib/links/link-file-set.ts); absent on links issued before. */
  fileSetKey?: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  notBefore?: string;
  ipRange?: string;
  keyPairId: string;
  hashAlgorithm: "SHA1" | "SHA256";
  /** request: a file request (docs/requests.md), whose page takes uploads instead of listing files. */
  mode: "per-file" | "folder" | "request";
  /** What the link covers: sub-folders ("exports/") and files; absent for the whole folder. */
  selection?: string[];
  /** The link this one was issued again from (same client and selection, new expiry). */
  renewedFrom?: string;
  /** The operator's words for the link ("March invoices for Jane"), one line; editable (docs/links.md#labels-and-search). */
  label?: string;
  /**
   * Who the link is for: the addresses it was sent to, added by each sending, and whatever an
   * operator wrote (editable). Absent on records written before: then the deliveries' addresses.
   */
  recipients?: string[];
  fileCount: number;
  bytes: number;
  /** Files of the client left off the page because no viewer could download them (key too long, backslash, ...). */
  skipped?: SkippedFiles;
  /** Files left off the page because their malware scan does not say clean (infected, not scanned yet, failed): docs/scanning.md. */
  held?: SkippedFiles;
  /**
   * Set while the page is being written (the record comes first, so a crash never leaves a page
   * nobody can list or revoke); a record still pending belongs to a publication that did not finish.
   */
  pending?: true;
  /** Set for a file request (mode "request"): its limits and note, and when it was closed. */
  request?: RequestTerms;
  /** Each time the link was sent by e-mail (docs/delivery.md), oldest first. */
  deliveries?: LinkDelivery[];
  revoked?: {
    at: string;
    by: string;
    /** "revoked by NAME" for one link; "key rotation <rotationId>" when a rotation revoked every link. */
    reason: string;
    rotationId?: string;
  };
}

/**
 * One sending of the link by e-mail. Written as "sending" before the message goes out, then
 * "sent" or "failed": a "sending" left behind means the process stopped in between.
 */
export interface LinkDelivery {
  id: string;
  status: "sending" | "sent" | "failed";
  at: string;
  by: string;
  /** The display name the message went out under (reminders use it); absent in records written before. */
  sender?: string;
  to: string[];
  /** Where replies go: the issuer's address, when known. */
  replyTo?: string;
  /** "smtp://mail.example.com:587", "Amazon SES", "the outbox (...)". */
  via?: string;
  messageId?: string;
  error?: string;
}

/** What a file request accepts (docs/requests.md). */
export interface RequestTerms {
  /** Largest file, in bytes (at most SHARE_MAX_FILE_SIZE, which is the default). */
  maxFileSize: number;
  /** Total bytes of every file received, when limited. */
  maxTotal?: number;
  /** Number of files, when limited. */
  maxFiles?: number;
  /** The operator's words on the upload page. */
  note?: string;
  /** Who the upload page says asks (a display name), for the client's receipt. */
  sender?: string;
  /** Closed: no more uploads (the edge refuses its URLs, like a revoked link's). */
  closed?: { at: string; by: string };
}

/** Files a publication left out, counted, with the first few named. */
export interface SkippedFiles {
  count: number;
  examples: { key: string; reason: string }[];
}

/** scheduled: not yet valid (its not-before is still ahead; the edge refuses it until then). */
export const LINK_STATUSES = ["scheduled", "active", "expired", "revoked"] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** What the edge does with the link at `now`, as a word. The edge lets it through only after not-before. */
export function linkStatus(record: LinkRecord, now: Date): LinkStatus {
  if (record.revoked) return "revoked";
  if (new Date(record.expiresAt) <= now) return "expired";
  const seconds = (ms: number) => Math.floor(ms / 1000); // the policy's resolution (lib/signing/verify.ts)
  if (record.notBefore !== undefined && seconds(now.getTime()) <= seconds(Date.parse(record.notBefore))) return "scheduled";
  return "active";
}

export const linkRecordsPrefix = "portal/links/";

export function linkRecordKey(client: string, linkId: string): string {
  return `${linkRecordsPrefix}${client}/${linkId}.json`;
}
