import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { Clock } from "../clock.js";
import { attachmentDisposition } from "../files/content-disposition.js";
import { FileExistsError, UploadStateError } from "../files/errors.js";
import { validateReceivedPath } from "../files/file-path.js";
import { MAX_PARTS, partLength, planParts, type MultipartStore, type UploadedPart } from "../files/multipart.js";
import { InvalidRequestError, NotFoundError } from "../errors.js";
import type { LinkRecord, RequestTerms } from "../links/link-record.js";
import { contentTypeFromName } from "../storage/content-types.js";
import type { ObjectMover } from "../storage/move-object.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import type { CredentialCheck } from "./credential.js";
import { RequestError } from "./errors.js";
import { incomingKey, receivedKey, requestPrefix } from "./layout.js";
import type { ReceivedFile } from "./ledger.js";
import { requestStatus, type FileRequests } from "./file-requests.js";

/** An open request, as the upload API has checked it: the record, and that it takes files now. */
export type OpenRequest = LinkRecord & { request: RequestTerms };

/** How long an upload may stay open; the browser resumes within it. */
export const REQUEST_UPLOAD_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a presigned part URL accepts its bytes. */
export const REQUEST_PART_URL_SECONDS = 60 * 60;
/** Part numbers one call may ask URLs for. */
export const MAX_PART_URLS_PER_CALL = 100;
/** S3's key limit, in UTF-8 bytes: the received key is the longest of the keys a file gets. */
const MAX_KEY_BYTES = 1024;
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BATCH_ID = /^[0-9a-f]{32}$/;

/** One file on its way in, kept in the store so any portal instance can serve its next step. */
export interface UploadSession {
  id: string;
  requestId: string;
  client: string;
  path: string;
  /** Where the bytes go: incoming/<client>/<request>/<path>, outside the served prefix. */
  key: string;
  uploadId: string;
  size: number;
  partSize: number;
  partCount: number;
  contentType: string;
  batch: string;
  createdAt: string;
  /** The ledger number once completing claimed one. */
  seq?: number;
  /** Completed: asking again gives the same file. */
  done?: boolean;
}

/**
 * What becomes of a received file once stored: scan, then accept (move it under received/) when clean.
 * The default accepts at once, as when scanning is off (docs/requests.md#scanning).
 */
export type AcceptReceived = (key: string, accept: () => Promise<void>, acceptedKey: string) => Promise<{ accepted: boolean; verdict?: string }>;

export const acceptAtOnce: AcceptReceived = async (_key, accept) => {
  await accept();
  return { accepted: true, verdict: "off" };
};

/** One finished batch, for the operator's e-mail and the client's receipt. */
export interface FinishedBatch {
  record: OpenRequest;
  files: ReceivedFile[];
  /** The address the client gave for a receipt, checked. */
  receiptTo?: string;
}

export interface BatchNotices {
  /** Tells the request's creator, and sends the client's receipt; says what happened to the receipt. */
  batchFinished(batch: FinishedBatch): Promise<{ receipt?: { to: string; sent: boolean; error?: string } }>;
}

/** One state change of a request, for the audit trail and `links activity`. */
export interface UploadEvent {
  event: "request-file-received" | "request-file-accepted" | "request-file-held" | "request-batch-finished";
  requestId: string;
  client: string;
  details: Record<string, string | number | boolean>;
}

export interface RequestUploadsDeps {
  requests: FileRequests;
  store: ObjectStore;
  multipart: MultipartStore;
  mover: ObjectMover;
  clock: Clock;
  /** Key prefix of the client folders (SHARE_PREFIX). */
  prefix: string;
  /** Preferred part size (tests use S3's 5 MiB minimum). */
  partSize?: number;
  /** The local revocation list's lookup, when it is cheap; the record's revocation is checked always. */
  isRevoked?: (requestId: string) => Promise<boolean>;
  accept?: AcceptReceived;
  notices?: BatchNotices;
  /** Told about every state change (the portal writes the audit trail from it). */
  onEvent?: (event: UploadEvent) => void | Promise<void>;
}

/**
 * The upload API's work (docs/requests.md#the-upload-api): files arrive in parts straight to storage,
 * outside the served prefix; completing checks every limit against what is stored and claims the
 * file's place in the request's ledger; an accepted file moves under the client's received/ folder.
 * Nothing is ever overwritten: a name arrives once per request, and every write is create-only.
 */
export class RequestUploads {
  private readonly accept: AcceptReceived;

  constructor(private readonly deps: RequestUploadsDeps) {
    this.accept = deps.accept ?? acceptAtOnce;
  }

  /** True when parts go straight to storage through presigned URLs (S3); false when they come through the edge (local). */
  get presigns(): boolean {
    return this.deps.multipart.presigns;
  }

  /**
   * The request a verified call names, when it takes files now: "gone" for a closed, revoked or
   * expired one, "forbidden" when the link names no file request of that client.
   */
  async open(check: Extract<CredentialCheck, { ok: true }>): Promise<OpenRequest> {
    let record: OpenRequest;
    try {
      record = await this.deps.requests.get(check.requestId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new RequestError("forbidden", "this link is not a file request");
      throw error;
    }
    if (record.client !== check.client) throw new RequestError("forbidden", "this link is not a file request");
    const status = requestStatus(record, this.deps.clock());
    if (status !== "open" || (await this.deps.isRevoked?.(record.linkId))) {
      throw new RequestError("gone", `this request is ${status === "open" ? "withdrawn" : status} and takes no more files: ask the sender for a new link`);
    }
    return record;
  }

  /** What the page shows: the limits, the expiry, and what arrived so far. */
  async state(record: OpenRequest) {
    const last = await this.deps.requests.ledger.last(record.linkId);
    return {
      requestId: record.linkId,
      expiresAt: record.expiresAt,
      limits: { maxFileSize: record.request.maxFileSize, ...(record.request.maxTotal !== undefined ? { maxTotal: record.request.maxTotal } : {}), ...(record.request.maxFiles !== undefined ? { maxFiles: record.request.maxFiles } : {}) },
      received: { count: last?.seq ?? 0, bytes: last?.totalBytes ?? 0 },
    };
  }

  /** Starts one file: refuses a bad name, a file over a limit, a name already received; opens a multipart upload. */
  async start(record: OpenRequest, input: { path: string; size: number; contentType?: string; batch: string }): Promise<UploadSession> {
    const path = validateReceivedPath(input.path.normalize("NFC"));
    if (Buffer.byteLength(receivedKey(this.deps.prefix, record.client, record.linkId, path)) > MAX_KEY_BYTES) {
      throw new InvalidRequestError(`file name ${JSON.stringify(path)} is too long: use a shorter name or fewer folders`);
    }
    if (!BATCH_ID.test(input.batch)) throw new InvalidRequestError("batch: 32 hexadecimal characters");
    const size = input.size;
    if (!Number.isSafeInteger(size) || size < 0) throw new InvalidRequestError("size: the file's size in bytes");
    const limits = record.request;
    if (size > limits.maxFileSize) throw new RequestError("too-large", `${path} has ${size} bytes; this request takes files of at most ${limits.maxFileSize} bytes`);
    const last = await this.deps.requests.ledger.last(record.linkId);
    if (limits.maxFiles !== undefined && (last?.seq ?? 0) >= limits.maxFiles) throw new RequestError("too-large", `this request takes at most ${limits.maxFiles} files, and they have all arrived`);
    if (limits.maxTotal !== undefined && (last?.totalBytes ?? 0) + size > limits.maxTotal) {
      throw new RequestError("too-large", `this request takes at most ${limits.maxTotal} bytes in all; ${last?.totalBytes ?? 0} arrived already, so ${path} (${size} bytes) does not fit`);
    }
    if (await this.deps.requests.ledger.nameOwner(record.linkId, path)) throw new FileExistsError(`${path} has already arrived: give the file another name`, path);
    const plan = planParts(size, this.deps.partSize);
    const contentType = safeContentType(input.contentType) ?? contentTypeFromName(path);
    const key = incomingKey(record.client, record.linkId, path);
    const uploadId = await this.deps.multipart.create(key, {
      contentType,
      contentDisposition: attachmentDisposition(path),
      metadata: { "request-id": record.linkId },
    });
    const session: UploadSession = {
      id: randomBytes(16).toString("base64url"),
      requestId: record.linkId,
      client: record.client,
      path,
      key,
      uploadId,
      size,
      partSize: plan.partSize,
      partCount: plan.partCount,
      contentType,
      batch: input.batch,
      createdAt: this.deps.clock().toISOString(),
    };
    await this.writeSession(session);
    return session;
  }

  /** The open upload `id` of this request; "gone" when it finished, was aborted or is too old. */
  async session(record: OpenRequest, id: string, options: { done?: boolean } = {}): Promise<UploadSession> {
    const text = SESSION_ID.test(id) ? await readText(this.deps.store, sessionKey(record.linkId, id)) : undefined;
    const session = text === undefined ? undefined : (JSON.parse(text) as UploadSession);
    if (!session || session.requestId !== record.linkId) throw new RequestError("gone", "this upload is finished, was stopped, or never existed: send the file again");
    if (Date.parse(session.createdAt) + REQUEST_UPLOAD_MS <= this.deps.clock().getTime()) throw new RequestError("gone", "this upload is too old to resume: send the file again");
    if (session.done && !options.done) throw new RequestError("conflict", `${session.path} has arrived already`);
    return session;
  }

  /** The parts stored so far, so a browser that lost its place sends only the rest. */
  async storedParts(record: OpenRequest, id: string) {
    const session = await this.session(record, id);
    const parts = session.done ? [] : await this.deps.multipart.listParts(session.key, session.uploadId).catch(storedOrGone);
    return { upload: session.id, path: session.path, size: session.size, partSize: session.partSize, partCount: session.partCount, parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })) };
  }

  /** URLs for the parts: presigned S3 URLs signing each part's exact length, or `localUrl`'s (through the edge). */
  async partUrls(record: OpenRequest, id: string, numbers: number[], localUrl: (session: UploadSession, partNumber: number) => string) {
    const session = await this.session(record, id);
    if (numbers.length === 0 || numbers.length > MAX_PART_URLS_PER_CALL) throw new InvalidRequestError(`partNumbers: 1 to ${MAX_PART_URLS_PER_CALL} part numbers`);
    const plan = { partSize: session.partSize, partCount: session.partCount };
    return Promise.all(
      numbers.map(async (partNumber) => {
        if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > session.partCount) {
          throw new InvalidRequestError(`partNumbers: part ${partNumber} is not one of this upload's 1 to ${session.partCount}`);
        }
        const length = partLength(session.size, plan, partNumber);
        const url = this.presigns ? await this.deps.multipart.presignPart(session.key, session.uploadId, partNumber, length, REQUEST_PART_URL_SECONDS) : localUrl(session, partNumber);
        return { partNumber, length, url };
      }),
    );
  }

  /** Local mode: stores one part that came through the edge; its length must be the plan's. */
  async receivePart(record: OpenRequest, id: string, partNumber: number, body: Readable, declaredLength: number): Promise<string> {
    const session = await this.session(record, id);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > Math.min(session.partCount, MAX_PARTS)) {
      throw new InvalidRequestError(`part ${partNumber} is not one of this upload's 1 to ${session.partCount}`);
    }
    const length = partLength(session.size, { partSize: session.partSize, partCount: session.partCount }, partNumber);
    if (declaredLength !== length) throw new RequestError("too-large", `part ${partNumber} has ${length} bytes; this request announced ${declaredLength}`);
    return this.deps.multipart.uploadPart(session.key, session.uploadId, partNumber, body, length);
  }

  /**
   * Completes one file: the parts stored must be exactly the plan's and add up to the size announced
   * (within the request's and the installation's limits); the name is claimed, then the file's place
   * in the ledger, which checks the number of files and the total against every file before it; only
   * then are the parts joined, create-only. Then the file is accepted (scanned first when scanning is
   * on). Completing again after a failure or a lost answer gives the same file.
   */
  async complete(record: OpenRequest, id: string, parts: UploadedPart[], sha256?: string): Promise<ReceivedFile> {
    const session = await this.session(record, id, { done: true });
    if (sha256 !== undefined && !SHA256_HEX.test(sha256)) throw new InvalidRequestError("sha256: 64 lowercase hexadecimal characters");
    const ledger = this.deps.requests.ledger;
    if (session.done && session.seq !== undefined) {
      const entry = await ledger.get(record.linkId, session.seq);
      if (entry) return entry; // completed before; the answer was lost
    }
    const total = await this.checkParts(session, parts, record.request.maxFileSize);
    if (!(await ledger.claimName(record.linkId, session.path, session.id))) {
      await this.abortQuietly(session);
      throw new FileExistsError(`${session.path} has already arrived: give the file another name`, session.path);
    }
    let entry: ReceivedFile | undefined = session.seq !== undefined ? await ledger.get(record.linkId, session.seq) : undefined;
    if (!entry) {
      try {
        entry = await ledger.claim(
          {
            requestId: record.linkId,
            client: record.client,
            path: session.path,
            size: total,
            contentType: session.contentType,
            ...(sha256 ? { sha256 } : {}),
            batch: session.batch,
            upload: session.id,
            receivedAt: this.deps.clock().toISOString(),
            state: "waiting",
          },
          record.request,
        );
      } catch (error) {
        await ledger.releaseName(record.linkId, session.path).catch(() => undefined);
        await this.abortQuietly(session);
        throw error;
      }
      session.seq = entry.seq;
      await this.writeSession(session);
    }
    if ((await this.deps.store.head(session.key)) === undefined) {
      try {
        await this.deps.multipart.complete(session.key, session.uploadId, parts, { replace: false });
      } catch (error) {
        if (!(error instanceof FileExistsError)) throw error;
      }
    }
    await this.event({ event: "request-file-received", requestId: record.linkId, client: record.client, details: { path: entry.path, size: entry.size, seq: entry.seq, batch: entry.batch } });
    session.done = true;
    await this.writeSession(session);
    return this.acceptEntry(entry);
  }

  /** Tries again to accept every file of the request still waiting (a GuardDuty verdict arrives later). */
  async acceptWaiting(requestId: string): Promise<ReceivedFile[]> {
    const out: ReceivedFile[] = [];
    for (const entry of await this.deps.requests.ledger.list(requestId)) out.push(entry.state === "waiting" ? await this.acceptEntry(entry) : entry);
    return out;
  }

  async abort(record: OpenRequest, id: string): Promise<void> {
    const session = await this.session(record, id);
    if (session.seq !== undefined) throw new RequestError("conflict", `${session.path} has arrived already: it cannot be stopped now`);
    await this.abortQuietly(session);
  }

  /**
   * Ends a batch: the creator hears of it once (the batch is claimed, so repeating the call tells nobody
   * twice), the client's receipt goes to the address given. Returns the batch's files for the page's receipt.
   */
  async finish(record: OpenRequest, batch: string, receiptTo?: string): Promise<{ files: ReceivedFile[]; receipt?: { to: string; sent: boolean; error?: string } }> {
    if (!BATCH_ID.test(batch)) throw new InvalidRequestError("batch: 32 hexadecimal characters");
    const files = (await this.deps.requests.ledger.list(record.linkId)).filter((entry) => entry.batch === batch);
    if (files.length === 0) throw new InvalidRequestError("batch: no file of this batch has arrived");
    const claimed = await this.deps.store.create(`${requestPrefix(record.linkId)}batches/${batch}.json`, JSON.stringify({ batch, finishedAt: this.deps.clock().toISOString(), files: files.length }), {
      contentType: "application/json",
      cacheControl: "no-store",
    });
    if (!claimed) return { files };
    await this.event({
      event: "request-batch-finished",
      requestId: record.linkId,
      client: record.client,
      details: { batch, files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0), receipt: receiptTo !== undefined },
    });
    const told = this.deps.notices ? await this.deps.notices.batchFinished({ record, files, ...(receiptTo ? { receiptTo } : {}) }) : {};
    return { files, ...(told.receipt ? { receipt: told.receipt } : {}) };
  }

  private async acceptEntry(entry: ReceivedFile): Promise<ReceivedFile> {
    const from = incomingKey(entry.client, entry.requestId, entry.path);
    const to = receivedKey(this.deps.prefix, entry.client, entry.requestId, entry.path);
    const outcome = await this.accept(
      from,
      async () => {
        const moved = await this.deps.mover.move(from, to);
        if (moved === "missing" && !(await this.deps.store.head(to))) throw new UploadStateError(`${from} is missing: it was neither received nor moved`);
      },
      to,
    );
    const ledger = this.deps.requests.ledger;
    if (outcome.accepted) {
      const settled = await ledger.settle(entry, { state: "accepted", acceptedAt: this.deps.clock().toISOString(), ...(outcome.verdict ? { verdict: outcome.verdict } : {}) });
      await this.event({ event: "request-file-accepted", requestId: entry.requestId, client: entry.client, details: { path: entry.path, seq: entry.seq, verdict: outcome.verdict ?? "" } });
      return settled;
    }
    if (outcome.verdict === "pending" || outcome.verdict === undefined) return entry;
    const held = await ledger.settle(entry, { state: "held", verdict: outcome.verdict });
    await this.event({ event: "request-file-held", requestId: entry.requestId, client: entry.client, details: { path: entry.path, seq: entry.seq, verdict: outcome.verdict } });
    return held;
  }

  /** The stored parts against the plan and the list sent; the total, or an error after which the upload is aborted. */
  private async checkParts(session: UploadSession, parts: UploadedPart[], requestMax: number): Promise<number> {
    const stored = new Map((await this.deps.multipart.listParts(session.key, session.uploadId).catch(storedOrGone)).map((p) => [p.partNumber, p]));
    const numbers = [...new Set(parts.map((p) => p.partNumber))].sort((a, b) => a - b);
    if (numbers.length !== parts.length) throw new InvalidRequestError("parts: list each part once");
    if (numbers.length !== session.partCount || numbers.some((n, i) => n !== i + 1)) {
      throw new RequestError("conflict", `parts: this upload has parts 1 to ${session.partCount}: send the missing ones, then complete`);
    }
    let total = 0;
    for (const part of parts) {
      const found = stored.get(part.partNumber);
      if (!found) throw new RequestError("conflict", `part ${part.partNumber} was not received: send it again, then complete`);
      if (found.etag.replace(/"/g, "") !== part.etag.replace(/"/g, "")) throw new RequestError("conflict", `part ${part.partNumber} was sent again since: complete with the ETag of the last send`);
      total += found.size;
    }
    if (total !== session.size || total > requestMax) {
      await this.abortQuietly(session);
      throw new RequestError("too-large", `the parts of ${session.path} hold ${total} bytes, not the ${session.size} announced (at most ${requestMax}): nothing was kept; send the file again`);
    }
    return total;
  }

  private async abortQuietly(session: UploadSession): Promise<void> {
    await this.deps.multipart.abort(session.key, session.uploadId).catch(() => undefined);
    await this.deps.store.delete(sessionKey(session.requestId, session.id)).catch(() => undefined);
  }

  private async writeSession(session: UploadSession): Promise<void> {
    await this.deps.store.put(sessionKey(session.requestId, session.id), JSON.stringify(session), { contentType: "application/json", cacheControl: "no-store" });
  }

  private async event(event: UploadEvent): Promise<void> {
    await this.deps.onEvent?.(event);
  }
}

function sessionKey(requestId: string, id: string): string {
  return `${requestPrefix(requestId)}uploads/${id}.json`;
}

function storedOrGone(error: unknown): never {
  if (error instanceof UploadStateError) throw new RequestError("gone", "this upload is finished, was stopped, or never existed: send the file again");
  throw error;
}

/** A content type the browser named, when it is a plain one; anything else is taken from the name. */
function safeContentType(type: string | undefined): string | undefined {
  return type && /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/i.test(type) && !/html|xml|javascript|svg/i.test(type) ? type : undefined;
}
