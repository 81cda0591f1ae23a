import type { KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { signUrl, type SignOptions, type SigningKey } from "./signer.js";

/** Signs many URLs with one key and one set of options; the result is in the order of `urls`. */
export type BulkSigner = (urls: readonly string[], key: SigningKey, options: SignOptions) => Promise<string[]>;

/** One batch for a signing worker. The key travels once per worker (`key` set), later batches name it by `keyId`. */
export interface SignBatchRequest {
  id: number;
  keyId: number;
  key?: { keyPairId: string; privateKey: KeyObject };
  urls: string[];
  options: SignOptions;
}

export type SignBatchReply = { id: number; urls: string[] } | { id: number; error: string };

/** Keys a worker holds at most (rotation adds one now and then; older ones are dropped first). */
const WORKER_KEYS = 8;

/**
 * The work of a signing worker, a plain function so that it can be tested and reused: signs the
 * batch with `signUrl`, keeping the keys it was sent by id. Errors become replies, never throws.
 */
export function signBatch(request: SignBatchRequest, keys: Map<number, SigningKey>): SignBatchReply {
  try {
    if (request.key) {
      keys.set(request.keyId, request.key);
      if (keys.size > WORKER_KEYS) keys.delete(keys.keys().next().value!);
    }
    const key = keys.get(request.keyId);
    if (!key) throw new Error(`signing worker has no key ${request.keyId}`);
    return { id: request.id, urls: request.urls.map((url) => signUrl(url, key, request.options)) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface SigningPoolOptions {
  /** Worker threads (default: one less than the available cores, at least 1, at most 4). */
  size?: number;
  /** URLs per message to a worker (default 50, about 12 ms of RSA-2048 signing). */
  chunkSize?: number;
  /** The worker's entry file (tests); default signing-worker next to this module. */
  workerFile?: string;
}

interface Chunk {
  urls: string[];
  key: SigningKey;
  options: SignOptions;
  resolve(urls: string[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Key ids this worker has been sent. */
  keys: Set<number>;
  busy?: { id: number; chunk: Chunk };
}

/**
 * Signs batches of URLs on worker threads, so that a publication's hundreds of RSA signatures
 * (about 0.23 ms each) do not hold the event loop that serves page views. Each worker gets the
 * parsed key once (a KeyObject is cloned to the thread, not re-parsed) and signs with the same
 * `signUrl` as the in-thread path, so the URLs are identical. A worker that dies rejects its batch
 * with a clear error and is replaced on the next batch. Idle workers do not keep the process alive.
 */
export class SigningPool {
  private readonly size: number;
  private readonly chunkSize: number;
  private readonly workerFile: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Chunk[] = [];
  private readonly keyIds = new WeakMap<KeyObject, number>();
  private nextKeyId = 1;
  private nextId = 1;
  private closed = false;

  constructor(options: SigningPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? Math.min(4, availableParallelism() - 1)));
    this.chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 50));
    this.workerFile = options.workerFile ?? join(__dirname, `signing-worker${extname(__filename)}`);
  }

  /** The pool as the Publisher's `signUrls` hook. */
  readonly signUrls: BulkSigner = (urls, key, options) => {
    if (this.closed) return Promise.reject(new Error("the signing pool is closed"));
    const chunks: Promise<string[]>[] = [];
    for (let i = 0; i < urls.length; i += this.chunkSize) {
      const slice = urls.slice(i, i + this.chunkSize);
      chunks.push(new Promise<string[]>((resolve, reject) => this.queue.push({ urls: slice, key, options, resolve, reject })));
    }
    this.dispatch();
    return Promise.all(chunks).then((parts) => parts.flat());
  };

  /** Stops the workers; batches not yet signed are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error("the signing pool is closed");
    for (const chunk of this.queue.splice(0)) chunk.reject(error);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        slot.busy?.chunk.reject(error);
        slot.busy = undefined;
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot();
      if (!slot) return;
      const chunk = this.queue.shift()!;
      const keyId = this.keyIdOf(chunk.key.privateKey);
      const request: SignBatchRequest = { id: this.nextId++, keyId, urls: chunk.urls, options: chunk.options };
      if (!slot.keys.has(keyId)) request.key = { keyPairId: chunk.key.keyPairId, privateKey: chunk.key.privateKey };
      slot.busy = { id: request.id, chunk };
      slot.worker.ref();
      try {
        slot.worker.postMessage(request);
        slot.keys.add(keyId);
      } catch (error) {
        slot.busy = undefined;
        slot.worker.unref();
        chunk.reject(new Error(`could not send URLs to a signing worker: ${(error as Error).message}`));
      }
    }
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((slot) => !slot.busy);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.spawn();
    return undefined;
  }

  private spawn(): Slot {
    const worker = this.workerFile.endsWith(".ts")
      ? // TypeScript run directly (tsx, vitest): the worker registers tsx's require hook, then loads the entry.
        // Node 20 does not apply the parent's --import loader hooks to a worker's entry file.
        new Worker(`require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register(); require(${JSON.stringify(this.workerFile)});`, { eval: true })
      : new Worker(this.workerFile);
    worker.unref();
    const slot: Slot = { worker, keys: new Set() };
    worker.on("message", (reply: SignBatchReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      slot.busy = undefined;
      worker.unref();
      if ("error" in reply) busy.chunk.reject(new Error(`signing failed: ${reply.error}`));
      else busy.chunk.resolve(reply.urls);
      this.dispatch();
    });
    let failure: string | undefined;
    worker.on("error", (error) => {
      failure = error.message;
    });
    worker.on("exit", (code) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const busy = slot.busy;
      slot.busy = undefined;
      if (busy) busy.chunk.reject(new Error(`a signing worker stopped (exit code ${code}${failure ? `: ${failure}` : ""}) before signing its ${busy.chunk.urls.length} URLs`));
      // Whatever was waiting goes to the remaining workers or to a new one.
      if (!this.closed) this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }

  private keyIdOf(key: KeyObject): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.nextKeyId++;
      this.keyIds.set(key, id);
    }
    return id;
  }
}

/** Signs in this thread, one URL after another: the default for the CLI and tests. */
export const signUrlsInThread: BulkSigner = async (urls, key, options) => urls.map((url) => signUrl(url, key, options));
