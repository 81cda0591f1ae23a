import type { Catalog, CatalogFile } from "../publishing/catalog.js";
import type { ScanStatus, ScanVerdict } from "./scan-status.js";
import type { Scanning } from "./scanning.js";

/** A client's file with its scan status, as `files ls --json`, the API and the portal show it. */
export interface ScannedFile extends CatalogFile {
  scan: ScanVerdict;
}

/** The client's files, each with its status; statuses are read page by page, for these files only. */
export async function filesWithScan(catalog: Catalog, scanning: Scanning, client: string): Promise<ScannedFile[]> {
  const out: ScannedFile[] = [];
  for await (const page of catalog.filePages(client)) out.push(...(await withScan(scanning, page)));
  return out;
}

/** These files with their statuses (a file deleted meanwhile says pending). */
export async function withScan(scanning: Scanning, files: CatalogFile[]): Promise<ScannedFile[]> {
  const verdicts = await scanning.statuses(files.map((file) => file.key));
  return files.map((file) => ({ ...file, scan: verdicts.get(file.key) ?? { status: "pending" } }));
}

export interface ScanRunOptions {
  /** Scan files that already have a verdict too (new signatures, or to check again); default: only pending and failed ones. */
  rescan?: boolean;
  /** Scans at once (default 2: clamd's threads, or GuardDuty's request rate). */
  concurrency?: number;
  /** As each client's files are looked at, before they are scanned. */
  onClient?: (client: string, toScan: number, files: number) => void;
  onProgress?: (progress: { client: string; path: string; verdict: ScanVerdict | undefined; done: number; total: number }) => void;
}

export interface ClientScanReport {
  client: string;
  files: number;
  /** Files asked to be scanned. */
  scanned: number;
  /** Files left alone because they already had a verdict (without `rescan`). */
  alreadyScanned: number;
  /** After the run: how many files say each status (GuardDuty's on-demand scans say pending until tagged). */
  statuses: Partial<Record<ScanStatus, number>>;
  /** The files that are not clean after the run, with why. */
  notClean: { path: string; scan: ScanVerdict }[];
}

/**
 * `signed-share files scan`: scans the files of each client that have no verdict yet (stored
 * before scanning was on, or whose scan failed), or all of them with `rescan`. With clamd each
 * scan finishes here; with GuardDuty each is an on-demand request whose verdict arrives later.
 */
export async function scanClients(catalog: Catalog, scanning: Scanning, clients: string[], options: ScanRunOptions = {}): Promise<ClientScanReport[]> {
  if (!scanning.enabled) throw new Error(`malware scanning is ${scanning.description}: set SHARE_SCANNER (docs/scanning.md)`);
  const reports: ClientScanReport[] = [];
  for (const client of clients) {
    const files = await filesWithScan(catalog, scanning, client);
    const due = files.filter((file) => options.rescan || file.scan.status === "pending" || file.scan.status === "error");
    options.onClient?.(client, due.length, files.length);
    const byKey = new Map(files.map((file) => [file.key, file]));
    const verdicts = await scanning.scanMany(
      due.map((file) => file.key),
      {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        onProgress: (p) => options.onProgress?.({ client, path: byKey.get(p.key)!.path, verdict: p.verdict, done: p.done, total: p.total }),
      },
    );
    const after = files.map((file) => ({ path: file.path, scan: verdicts.has(file.key) ? (verdicts.get(file.key) ?? { status: "pending" as const }) : file.scan }));
    const statuses: Partial<Record<ScanStatus, number>> = {};
    for (const file of after) statuses[file.scan.status] = (statuses[file.scan.status] ?? 0) + 1;
    reports.push({
      client,
      files: files.length,
      scanned: due.length,
      alreadyScanned: files.length - due.length,
      statuses,
      notClean: after.filter((file) => file.scan.status !== "clean"),
    });
  }
  return reports;
}
