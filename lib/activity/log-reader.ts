import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { distributionFolder, hoursBetween, partitionHour } from "./log-layout.js";
import { linesContaining } from "./scan-lines.js";

export interface LogReaderOptions {
  /** The log bucket (S3), or the local edge's log folder. */
  logs: ObjectStore;
  distributionId: string;
  /**
   * What comes before `DistributionId=<id>/` in the keys (CloudFront's `AWSLogs/.../CloudFront/`);
   * found by listing when not given.
   */
  base?: string;
}

/** What a scan could not read, said next to the activity instead of failing it. */
export interface ScanProblems {
  unreadable: string[];
}

const DAY_MS = 86_400_000;
/** How deep the folders before `DistributionId=` may go when the base is looked for. */
const MAX_BASE_DEPTH = 5;

/**
 * Reads access-log files in the standard logging v2 layout and yields the lines that mention a
 * needle (a link id), only from the hour partitions of a time window. Gzip files (`.gz`, as
 * CloudFront delivers them) and plain files (the local edge's `.log`) are both read.
 */
export class LogReader {
  private base: Promise<string | undefined> | undefined;

  constructor(private readonly options: LogReaderOptions) {
    if (options.base !== undefined) this.base = Promise.resolve(options.base);
  }

  get location(): string {
    return this.options.logs.location;
  }

  /** The lines of the window [from, to] that contain `needle`, file by file, oldest partition first. */
  async *lines(needle: string, from: Date, to: Date, problems: ScanProblems = { unreadable: [] }): AsyncGenerator<string> {
    const base = await this.findBase();
    if (base === undefined) return;
    const folder = `${base}${distributionFolder(this.options.distributionId)}`;
    const hours = hoursBetween(from, to);
    if (hours.length === 0) return;
    const first = hours[0]!.getTime();
    const last = hours.at(-1)!.getTime();
    const bytes = Buffer.from(needle, "utf8");
    // One listing per day (not per hour): a year-long link is 366 listings.
    for (const day of daysOf(hours)) {
      const keys: string[] = [];
      for await (const object of listAll(this.options.logs, `${folder}${day}`)) {
        const hour = partitionHour(object.key)?.getTime();
        if (hour !== undefined && hour >= first && hour <= last) keys.push(object.key);
      }
      keys.sort();
      for (const key of keys) {
        const object = await this.options.logs.get(key).catch(() => undefined);
        if (!object) continue;
        try {
          for await (const line of linesContaining(decompressed(key, object.body), bytes)) yield line;
        } catch (error) {
          object.body.destroy();
          problems.unreadable.push(`${key}: ${(error as Error).message}`);
        }
      }
    }
  }

  /** Looks once for the folder holding `DistributionId=<id>/`, breadth first, a few levels deep. */
  private findBase(): Promise<string | undefined> {
    this.base ??= this.searchBase().catch((error: unknown) => {
      this.base = undefined;
      throw error;
    });
    return this.base;
  }

  private async searchBase(): Promise<string | undefined> {
    const wanted = distributionFolder(this.options.distributionId);
    let level = [""];
    for (let depth = 0; depth < MAX_BASE_DEPTH && level.length > 0; depth++) {
      const next: string[] = [];
      for (const prefix of level) {
        let token: string | undefined;
        do {
          const page = await this.options.logs.list({ prefix, delimiter: "/", ...(token ? { token } : {}) });
          for (const child of page.prefixes) {
            if (child.slice(prefix.length) === wanted) return prefix;
            if (!child.slice(prefix.length).startsWith("DistributionId=") && !/(^|\/)year=/.test(child)) next.push(child);
          }
          token = page.nextToken;
        } while (token);
      }
      level = next.slice(0, 200);
    }
    return undefined;
  }
}

/** `year=YYYY/month=MM/day=DD/` of every day the hours touch, in order. */
function daysOf(hours: Date[]): string[] {
  const days = new Set<string>();
  for (const hour of hours) {
    const d = new Date(Math.floor(hour.getTime() / DAY_MS) * DAY_MS);
    days.add(`year=${d.getUTCFullYear()}/month=${String(d.getUTCMonth() + 1).padStart(2, "0")}/day=${String(d.getUTCDate()).padStart(2, "0")}/`);
  }
  return [...days];
}

/** The body, gunzipped for a `.gz` file (CloudFront's); the local edge's `.log` files are plain. */
function decompressed(key: string, body: Readable): AsyncIterable<Buffer> {
  if (!key.endsWith(".gz")) return body;
  const gunzip = createGunzip();
  body.on("error", (error) => gunzip.destroy(error));
  return body.pipe(gunzip);
}
