import { hasTagging, type ObjectStore, type ObjectTagging } from "../storage/object-store.js";
import type { Scanner } from "./scanner.js";
import { verdictFromTags, type ScanVerdict } from "./scan-status.js";

/** Status reads at once: issuing a link reads the chosen files' statuses with this bound. */
export const READ_CONCURRENCY = 8;
/** Background scans of just-stored files at once (clamd's own threads do the work). */
export const SCAN_CONCURRENCY = 2;

/** An infected file as the alert tells it (lib/scanning/infected-alert.ts). */
export interface InfectedFile {
  key: string;
  /** The version found infected, when known. */
  etag?: string;
  verdict: ScanVerdict;
}

export interface ScanningDeps {
  store: ObjectStore;
  /** Absent: scanning is off (SHARE_SCANNER unset), every status is "off". */
  scanner?: Scanner;
  /** Why it is off, for the portal and the CLI. */
  offReason?: string;
  readConcurrency?: number;
  scanConcurrency?: number;
  /** Called whenever a file is seen infected (a scan, or a status read); the alert itself is claimed once. */
  onInfected?: (file: InfectedFile) => Promise<void>;
  /** Where background failures are reported. */
  log?: (message: string) => void;
}

export interface ScanProgress {
  key: string;
  verdict: ScanVerdict | undefined;
  done: number;
  total: number;
}

/**
 * Malware scanning for the front ends (docs/scanning.md): the status of files (read beside each
 * file, with bounded concurrency, for the files asked about only), scans started when a file is
 * stored (never when it is shared), on-demand scans, and the verdict a received file needs before
 * it may be accepted into the served prefix.
 */
export class Scanning {
  private readonly readConcurrency: number;
  private readonly scanConcurrency: number;
  private readonly running = new Set<Promise<unknown>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private readonly tags: ObjectTagging | undefined;

  constructor(private readonly deps: ScanningDeps) {
    if (deps.scanner && !hasTagging(deps.store)) throw new Error(`scanning needs a store with object tags, not ${deps.store.location}`);
    this.tags = hasTagging(deps.store) ? deps.store : undefined;
    this.readConcurrency = Math.max(1, deps.readConcurrency ?? READ_CONCURRENCY);
    this.scanConcurrency = Math.max(1, deps.scanConcurrency ?? SCAN_CONCURRENCY);
  }

  get enabled(): boolean {
    return this.deps.scanner !== undefined;
  }

  get kind(): Scanner["kind"] | "off" {
    return this.deps.scanner?.kind ?? "off";
  }

  /** "clamd://127.0.0.1:3310", "Amazon GuardDuty ...", or why scanning is off. */
  get description(): string {
    return this.deps.scanner?.description ?? `off: ${this.deps.offReason ?? "SHARE_SCANNER is not set, so files are shared unscanned"}`;
  }

  /** The status of one file; undefined when it does not exist. */
  async status(key: string): Promise<ScanVerdict | undefined> {
    if (!this.deps.scanner || !this.tags) return { status: "off" };
    const tags = await this.tags.getTags(key);
    if (tags === undefined) return undefined;
    const verdict = verdictFromTags(tags);
    if (verdict.status === "infected") this.report(key, verdict);
    return verdict;
  }

  /** The statuses of these files, at most `readConcurrency` reads at once; missing files are left out. */
  async statuses(keys: readonly string[]): Promise<Map<string, ScanVerdict>> {
    const out = new Map<string, ScanVerdict>();
    if (!this.deps.scanner) {
      for (const key of keys) out.set(key, { status: "off" });
      return out;
    }
    await eachLimited(keys, this.readConcurrency, async (key) => {
      const verdict = await this.status(key);
      if (verdict) out.set(key, verdict);
    });
    return out;
  }

  /**
   * A file was just stored: its scan starts now. With clamd the scan runs in the background (at most
   * `scanConcurrency` at once) and the promise resolves with its verdict; GuardDuty starts its own
   * scan, so the file is pending. Await `idle()` before a process exits.
   */
  scanStored(key: string): Promise<ScanVerdict | undefined> {
    const scanner = this.deps.scanner;
    if (!scanner) return Promise.resolve({ status: "off" });
    if (scanner.scansOnStore) return Promise.resolve({ status: "pending" });
    const work = this.limited(() => this.scanNow(key)).catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`scan of ${key} failed: ${detail}`);
      return { status: "error", detail } satisfies ScanVerdict;
    });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  /** Scans one file now (GuardDuty: asks for an on-demand scan); undefined when it does not exist. */
  async scanNow(key: string): Promise<ScanVerdict | undefined> {
    const scanner = this.deps.scanner;
    if (!scanner) return { status: "off" };
    const verdict = await scanner.scan(key);
    if (verdict?.status === "infected") this.report(key, verdict);
    return verdict;
  }

  /** On-demand scans of many files, `concurrency` at once, with progress as each finishes. */
  async scanMany(keys: readonly string[], options: { concurrency?: number; onProgress?: (progress: ScanProgress) => void } = {}): Promise<Map<string, ScanVerdict | undefined>> {
    const out = new Map<string, ScanVerdict | undefined>();
    let done = 0;
    await eachLimited(keys, Math.max(1, options.concurrency ?? this.scanConcurrency), async (key) => {
      let verdict: ScanVerdict | undefined;
      try {
        verdict = await this.scanNow(key);
      } catch (error) {
        verdict = { status: "error", detail: error instanceof Error ? error.message : String(error) };
      }
      out.set(key, verdict);
      done += 1;
      options.onProgress?.({ key, verdict, done, total: keys.length });
    });
    return out;
  }

  /**
   * "Scan, then accept" for files that arrive from outside (file requests): the verdict a received
   * object has now, scanning it first when it has none (clamd scans at once; GuardDuty is asked and
   * answers pending until its tag arrives, so ask again later). Accept the file into the served
   * prefix only when this says clean; with scanning off it says off, and the caller decides.
   */
  async verdictBeforeAccept(key: string): Promise<ScanVerdict | undefined> {
    const current = await this.status(key);
    if (current === undefined || current.status !== "pending") return current;
    return this.scanNow(key);
  }

  /** Resolves when every background scan started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private report(key: string, verdict: ScanVerdict): void {
    const onInfected = this.deps.onInfected;
    if (!onInfected) return;
    const work = (async () => {
      const etag = (await this.deps.store.head(key).catch(() => undefined))?.etag;
      await onInfected({ key, ...(etag ? { etag } : {}), verdict });
    })().catch((error: unknown) => this.deps.log?.(`the alert about infected ${key} failed: ${error instanceof Error ? error.message : String(error)}`));
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.scanConcurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `work` for every item, at most `limit` at once; the first failure is thrown after all started ones settle. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/** What acceptWhenClean did with a received file. */
export interface AcceptOutcome {
  accepted: boolean;
  /** The verdict it decided on; undefined when the file is gone. */
  verdict: ScanVerdict | undefined;
}

/**
 * "Scan, then accept", for files that arrive from outside (file requests): `accept` (which moves the
 * received object into the served prefix) runs only when the file is scanned clean, or when
 * scanning is off altogether. Otherwise nothing moves: an infected file stays where it was received
 * (the admins are told), a pending one waits (call again later: GuardDuty's verdict comes as a tag).
 */
export async function acceptWhenClean(scanning: Scanning, key: string, accept: () => Promise<void>): Promise<AcceptOutcome> {
  const verdict = await scanning.verdictBeforeAccept(key);
  if (verdict === undefined || (verdict.status !== "clean" && verdict.status !== "off")) return { accepted: false, verdict };
  await accept();
  return { accepted: true, verdict };
}
