import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { RequestError } from "./errors.js";
import { ledgerKey, ledgerPrefix, nameClaimKey } from "./layout.js";

/** One file a client sent through a request, as its ledger entry records it. */
export interface ReceivedFile {
  /** 1, 2, 3 ... in the order the files were completed. */
  seq: number;
  requestId: string;
  client: string;
  /** The path the client gave, inside received/<requestId>/. */
  path: string;
  size: number;
  /** Bytes received by this request so far, this file included: the limit check of the next file reads it. */
  totalBytes: number;
  contentType: string;
  /** SHA-256 (hex) as the client's browser computed it, when it sent one. */
  sha256?: string;
  /** What the client sent in one go; one e-mail per batch. */
  batch: string;
  /** The upload session it came through. */
  upload: string;
  receivedAt: string;
  /**
   * waiting: stored outside the served prefix until it is scanned; accepted: moved under received/;
   * held: the scan found something or failed, so it stays where it was received (docs/requests.md#scanning).
   */
  state: "waiting" | "accepted" | "held";
  acceptedAt?: string;
  /** The scan verdict that decided (clean, off, infected, error, pending). */
  verdict?: string;
}

export type NewReceivedFile = Omit<ReceivedFile, "seq" | "totalBytes">;

export interface Limits {
  maxFiles?: number;
  maxTotal?: number;
}

const ATTEMPTS = 25;

/**
 * The files a request received, one ledger entry each (`portal/requests/<id>/files/<seq>.json`),
 * claimed with the store's create-if-absent: of two uploads completing at once, in any processes,
 * each gets its own number, and the running total each entry carries is the one the limits were
 * checked against. So the number of files and the total size can never pass the request's limits.
 */
export class ReceivedLedger {
  constructor(private readonly store: ObjectStore) {}

  /** Every entry of the request, in order. */
  async list(requestId: string): Promise<ReceivedFile[]> {
    const entries: ReceivedFile[] = [];
    for await (const object of listAll(this.store, ledgerPrefix(requestId))) {
      const entry = await this.read(object.key);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.seq - b.seq);
  }

  /** The last entry (the highest number), or undefined when nothing was received. */
  async last(requestId: string): Promise<ReceivedFile | undefined> {
    let lastKey: string | undefined;
    for await (const object of listAll(this.store, ledgerPrefix(requestId))) lastKey = object.key;
    let entry = lastKey ? await this.read(lastKey) : undefined;
    // A listing may lag behind a create; the next numbers tell.
    for (let seq = (entry?.seq ?? 0) + 1; ; seq += 1) {
      const next = await this.read(ledgerKey(requestId, seq));
      if (!next) return entry;
      entry = next;
    }
  }

  async get(requestId: string, seq: number): Promise<ReceivedFile | undefined> {
    return this.read(ledgerKey(requestId, seq));
  }

  /** Takes the next number for `file` if the limits allow one more file of its size; RequestError "too-large" when not. */
  async claim(file: NewReceivedFile, limits: Limits): Promise<ReceivedFile> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const last = await this.last(file.requestId);
      const seq = (last?.seq ?? 0) + 1;
      const totalBytes = (last?.totalBytes ?? 0) + file.size;
      if (limits.maxFiles !== undefined && seq > limits.maxFiles) {
        throw new RequestError("too-large", `this request takes at most ${limits.maxFiles} file${limits.maxFiles === 1 ? "" : "s"}, and ${seq - 1} arrived already`);
      }
      if (limits.maxTotal !== undefined && totalBytes > limits.maxTotal) {
        throw new RequestError("too-large", `this request takes at most ${limits.maxTotal} bytes in all; ${last?.totalBytes ?? 0} arrived already, so ${file.path} (${file.size} bytes) does not fit`);
      }
      const entry: ReceivedFile = { seq, totalBytes, ...file };
      if (await this.store.create(ledgerKey(file.requestId, seq), json(entry), JSON_OPTIONS)) return entry;
    }
    throw new RequestError("conflict", "too many files are arriving at once: try again in a moment");
  }

  /** Records how the entry was settled (accepted or held); the numbers and totals never change. */
  async settle(entry: ReceivedFile, change: Pick<ReceivedFile, "state"> & Partial<Pick<ReceivedFile, "acceptedAt" | "verdict">>): Promise<ReceivedFile> {
    const next = { ...entry, ...change };
    await this.store.put(ledgerKey(entry.requestId, entry.seq), json(next), JSON_OPTIONS);
    return next;
  }

  /**
   * Claims `path` for the upload `upload`: true when it is this upload's (now, or from an earlier try),
   * false when another upload of the request has it. A name is received once per request.
   */
  async claimName(requestId: string, path: string, upload: string): Promise<boolean> {
    const key = nameClaimKey(requestId, path);
    if (await this.store.create(key, json({ path, upload }), JSON_OPTIONS)) return true;
    return (await this.nameOwner(requestId, path)) === upload;
  }

  /** The upload that has the name, or undefined. */
  async nameOwner(requestId: string, path: string): Promise<string | undefined> {
    const text = await readText(this.store, nameClaimKey(requestId, path));
    return text === undefined ? undefined : (JSON.parse(text) as { upload: string }).upload;
  }

  async releaseName(requestId: string, path: string): Promise<void> {
    await this.store.delete(nameClaimKey(requestId, path));
  }

  private async read(key: string): Promise<ReceivedFile | undefined> {
    const text = await readText(this.store, key);
    return text === undefined ? undefined : (JSON.parse(text) as ReceivedFile);
  }
}

const JSON_OPTIONS = { contentType: "application/json", cacheControl: "no-store" };
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
