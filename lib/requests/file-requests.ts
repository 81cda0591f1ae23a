import type { Clock } from "../clock.js";
import { exactOrigin } from "../net/origin.js";
import type { Catalog } from "../publishing/catalog.js";
import { InvalidRequestError, NotFoundError } from "../errors.js";
import { clientFolderKey, isLinkId, newLinkId, RESERVED_FOLDER, validateClientName } from "../links/layout.js";
import { linkStatus, type LinkRecord, type RequestTerms } from "../links/link-record.js";
import { MAX_PAGE_LIMIT, type LinkRecords, type RevokeResult } from "../links/link-records.js";
import { PAGE_CACHE_CONTROL, PAGE_CONTENT_TYPE } from "../publishing/publisher.js";
import { writeRecordFirst } from "../links/record-first.js";
import { DEFAULT_MAX_EXPIRY_MS, validateTerms } from "../publishing/terms.js";
import type { HashAlgorithm, SigningKey } from "../signing/signer.js";
import type { ObjectStore } from "../storage/object-store.js";
import { unsafeCharacter } from "../names/name-characters.js";
import { RequestError } from "./errors.js";
import { ReceivedLedger, type ReceivedFile } from "./ledger.js";
import type { ClientLook } from "../delivery/messages.js";
import type { Sender } from "../delivery/sender.js";
import { renderRequestPage } from "./request-page.js";
import { signRequestLink } from "./request-link.js";

/** The longest note an operator may put on the upload page. */
export const MAX_REQUEST_NOTE = 2_000;

export interface FileRequestsDeps {
  store: ObjectStore;
  records: LinkRecords;
  catalog: Catalog;
  /** Key prefix of the client folders (SHARE_PREFIX). */
  prefix: string;
  /** The files host's origin (SHARE_PUBLIC_URL): the page and its upload API live there. */
  publicUrl: string;
  signingKey: () => Promise<SigningKey>;
  clock: Clock;
  maxExpiryMs?: number;
  /** SHARE_MAX_FILE_SIZE: the largest file any request takes, and its default limit. */
  maxFileSize: number;
  hashAlgorithm?: HashAlgorithm;
  /** Where browsers send parts when it is not the files host (the bucket's origin in AWS mode). */
  uploadOrigin?: string;
  /** The client's display name, for the page. */
  displayName?: (client: string) => Promise<string | undefined>;
  /** Who asks, on the page, when the request does not say: PORTAL_SENDER_NAME (never a login name). */
  senderName?: string;
  /** The brand and the client's language and time zone, read afresh for each page (lib/delivery/client-look.ts). */
  look?: (client: string) => Promise<ClientLook>;
}

export interface NewRequest {
  client: string;
  expiresAt: Date;
  issuedBy: string;
  maxFileSize?: number;
  maxTotal?: number;
  maxFiles?: number;
  note?: string;
  /** Who asks (a display name, lib/delivery/sender.ts); without one the page names the organisation or no one. */
  sender?: Sender;
}

/** A request as lists show it: its status and what arrived so far. */
export interface RequestSummary {
  record: LinkRecord;
  status: RequestStatus;
  files: number;
  bytes: number;
}

/** open: takes files; closed: closed by an operator; revoked, expired: like any link. */
export type RequestStatus = "open" | "closed" | "revoked" | "expired";

export function isFileRequest(record: LinkRecord): record is LinkRecord & { request: RequestTerms } {
  return record.mode === "request" && record.request !== undefined;
}

export function requestStatus(record: LinkRecord, now: Date): RequestStatus {
  if (record.request?.closed) return "closed";
  const status = linkStatus(record, now);
  return status === "revoked" ? "revoked" : status === "expired" ? "expired" : "open";
}

/**
 * File requests (docs/requests.md): links whose page takes files from a client. Creating one signs its
 * link with the active key and publishes its upload page beside the index pages; its record is a link
 * record (mode "request"), so listing, `links revoke`, expiry and key rotation treat it like any link.
 */
export class FileRequests {
  readonly ledger: ReceivedLedger;
  private readonly base: string;

  constructor(private readonly deps: FileRequestsDeps) {
    if (exactOrigin(deps.publicUrl) === undefined) throw new Error(`the public URL must be an origin like https://files.example.com (no path), got ${JSON.stringify(deps.publicUrl)}`);
    this.base = deps.publicUrl.replace(/\/+$/, "");
    this.ledger = new ReceivedLedger(deps.store);
  }

  get publicOrigin(): string {
    return this.base;
  }

  get maxFileSize(): number {
    return this.deps.maxFileSize;
  }

  get uploadOrigin(): string | undefined {
    return this.deps.uploadOrigin;
  }

  async create(input: NewRequest): Promise<LinkRecord> {
    const client = validateClientName(input.client);
    const issuedAt = this.deps.clock();
    const { expiresAt } = validateTerms({ expiresAt: input.expiresAt }, issuedAt, this.deps.maxExpiryMs ?? DEFAULT_MAX_EXPIRY_MS);
    const terms = this.requestTerms(input);
    if (!(await this.deps.catalog.hasClient(client))) throw new NotFoundError(`there is no client "${client}": create it first`, "client");
    const key = await this.deps.signingKey();
    const requestId = newLinkId();
    const hashAlgorithm = this.deps.hashAlgorithm ?? "SHA1";
    const displayName = this.deps.displayName ? await this.deps.displayName(client).catch(() => undefined) : undefined;
    const pageKey = `${clientFolderKey(this.deps.prefix, client)}${RESERVED_FOLDER}/${requestId}.html`;
    const look = this.deps.look ? await this.deps.look(client) : undefined;
    const brandName = look?.brand.name;
    const sender = input.sender ?? (this.deps.senderName ? { person: this.deps.senderName, ...(brandName ? { organisation: brandName } : {}) } : undefined);
    const html = renderRequestPage({
      requestId,
      client,
      ...(displayName ? { displayName } : {}),
      ...(sender ? { sender } : {}),
      expiresAt,
      maxFileSize: terms.maxFileSize,
      ...(terms.maxTotal !== undefined ? { maxTotal: terms.maxTotal } : {}),
      ...(terms.maxFiles !== undefined ? { maxFiles: terms.maxFiles } : {}),
      ...(terms.note !== undefined ? { note: terms.note } : {}),
      ...(this.deps.uploadOrigin ? { uploadOrigin: this.deps.uploadOrigin } : {}),
      ...(look ? { audience: look.audience, brand: look.brand } : {}),
    });
    const record: LinkRecord = {
      linkId: requestId,
      client,
      url: signRequestLink(this.base, client, requestId, key, { expiresAt, hashAlgorithm }),
      pageKey,
      issuedBy: input.issuedBy,
      issuedAt: issuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      keyPairId: key.keyPairId,
      hashAlgorithm,
      mode: "request",
      fileCount: 0,
      bytes: 0,
      request: { ...terms, ...(sender ? { sender: sender.person } : {}) },
    };
    await writeRecordFirst(this.deps.store, this.deps.records, record, () => this.deps.store.put(pageKey, html, { contentType: PAGE_CONTENT_TYPE, cacheControl: PAGE_CACHE_CONTROL }));
    return record;
  }

  /** The request's record; NotFoundError for an unknown id or a link that is no file request. */
  async get(requestId: string): Promise<LinkRecord & { request: RequestTerms }> {
    const record = isLinkId(requestId) ? await this.deps.records.find(requestId) : undefined;
    if (!record || !isFileRequest(record)) throw new NotFoundError(`there is no file request ${requestId}`, "link");
    return record;
  }

  /**
   * One page of requests (of one client), newest first, with what each received: listed from the
   * link index, whose keys tell a request from a link that shares files, so only request records are
   * read however many links the client has (docs/architecture.md#lists-by-cursor).
   */
  async page(query: { client?: string; limit?: number; cursor?: string } = {}): Promise<{ requests: RequestSummary[]; next?: string }> {
    if (query.client !== undefined) validateClientName(query.client);
    const page = await this.deps.records.page({ ...query, kind: "request" });
    const requests: RequestSummary[] = [];
    for (const { status: _status, ...record } of page.links) if (isFileRequest(record)) requests.push(await this.summary(record));
    return { requests, ...(page.next !== undefined ? { next: page.next } : {}) };
  }

  /** Every request (of one client), newest first, with what each received: page after page of the link index. */
  async list(client?: string): Promise<RequestSummary[]> {
    const out: RequestSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...(client !== undefined ? { client } : {}), limit: MAX_PAGE_LIMIT, ...(cursor !== undefined ? { cursor } : {}) });
      out.push(...page.requests);
      cursor = page.next;
    } while (cursor !== undefined);
    return out;
  }

  /** A request's status now and what it received so far. */
  async summary(record: LinkRecord): Promise<RequestSummary> {
    const last = await this.ledger.last(record.linkId);
    return { record, status: requestStatus(record, this.deps.clock()), files: last?.seq ?? 0, bytes: last?.totalBytes ?? 0 };
  }

  /** What a request received, in order. */
  received(requestId: string): Promise<ReceivedFile[]> {
    return this.ledger.list(requestId);
  }

  /**
   * Closes a request: no more uploads. Its id goes into the edge's revocation list, so the page and the
   * upload API are refused at the edge as for a revoked link, and the record says who closed it.
   * Files that arrived stay. Closing again is safe.
   */
  async close(requestId: string, by: string): Promise<{ record: LinkRecord; alreadyClosed: boolean; revocation: RevokeResult }> {
    const record = await this.get(requestId);
    const alreadyClosed = record.request.closed !== undefined;
    if (!alreadyClosed) {
      const at = this.deps.clock().toISOString();
      // Marked first, so the upload API refuses at once; revoking then puts the id into the edge's list
      // (and, should that fail, closing again retries it).
      await this.deps.records.update(record.client, requestId, (current) => ({
        ...current,
        request: { ...(current.request ?? record.request), closed: { at, by } },
        revoked: current.revoked ?? { at, by, reason: `closed by ${by}` },
      }));
    }
    const revocation = await this.deps.records.revoke(requestId, by);
    return { record: revocation.record, alreadyClosed, revocation };
  }

  private requestTerms(input: NewRequest): RequestTerms {
    const max = this.deps.maxFileSize;
    const size = (value: number | undefined, what: string) => {
      if (value === undefined) return undefined;
      if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidRequestError(`${what}: give a size in bytes above 0, like 2GB`);
      return value;
    };
    const maxFileSize = size(input.maxFileSize, "maxFileSize") ?? max;
    if (maxFileSize > max) throw new InvalidRequestError(`maxFileSize: at most ${max} bytes, the largest file this installation takes (SHARE_MAX_FILE_SIZE)`);
    const maxTotal = size(input.maxTotal, "maxTotal");
    if (input.maxFiles !== undefined && (!Number.isSafeInteger(input.maxFiles) || input.maxFiles < 1 || input.maxFiles > 100_000)) {
      throw new InvalidRequestError("maxFiles: give a whole number from 1 to 100000");
    }
    const note = input.note?.replace(/\r\n?/g, "\n").trim();
    if (note) {
      if (note.length > MAX_REQUEST_NOTE) throw new InvalidRequestError(`note: at most ${MAX_REQUEST_NOTE} characters (got ${note.length})`);
      const unsafe = unsafeCharacter(note, { lineBreaks: true });
      if (unsafe) throw new InvalidRequestError(`note: contains ${unsafe.kind} (${unsafe.codePoint}); type it again or paste it as plain text`);
    }
    return {
      maxFileSize,
      ...(maxTotal !== undefined ? { maxTotal } : {}),
      ...(input.maxFiles !== undefined ? { maxFiles: input.maxFiles } : {}),
      ...(note ? { note } : {}),
    };
  }
}

export { RequestError };
