import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readdir, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { distributionFolder, hourPartition, LOCAL_DISTRIBUTION_ID, LOCAL_LOG_BASE, logFileName } from "../activity/log-layout.js";
import { formatLogLine, type LogRecord } from "../activity/log-record.js";
import type { Clock } from "../clock.js";
import { GUARD_DENY_REASON } from "./guard/edge-guard.js";

const HOUR_MS = 3_600_000;

export interface AccessLogOptions {
  /** The log folder (the data directory's activity-logs/). */
  dir: string;
  clock: Clock;
  /** Hour partitions older than this are deleted (SHARE_ACTIVITY_RETENTION). */
  retentionMs: number;
  /** Told about a line that could not be written; the request itself is unaffected. */
  onError?(error: Error): void;
}

/** What CloudFront URL-encodes in logged header values: spaces, controls, quotes, backslash, non-ASCII. */
function logEncoded(text: string): string {
  return Buffer.from(text, "utf8").reduce((out, byte) => out + (byte <= 0x20 || byte >= 0x7f || byte === 0x22 || byte === 0x25 || byte === 0x5c ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(byte)), "");
}

/**
 * The local edge's access log: one JSON line per request, with the fields and in the layout of
 * CloudFront standard logging v2 (lib/activity), so one reader serves both modes. Files are plain
 * (not gzip) so each request is appended as it finishes; hour partitions older than the retention
 * are removed when a new hour starts.
 */
export class EdgeAccessLog {
  private queue: Promise<void> = Promise.resolve();
  private currentHour = -1;
  private readonly unique = `${process.pid}-${randomBytes(3).toString("hex")}`;

  constructor(private readonly options: AccessLogOptions) {}

  /** Records the request once its response is over (sent, or cut off by the viewer). */
  track(req: IncomingMessage, res: ServerResponse, viewerAddress: string | undefined): void {
    const started = performance.now();
    const sentBefore = req.socket.bytesWritten;
    res.once("close", () => {
      // Complete once the whole response was handed to the connection: `finish` may come after `close`
      // when the viewer hangs up right after the last byte (lib/edge/send-body.ts ends the response then).
      const aborted = !res.writableFinished && !(res.writableEnded && (res.socket?.writableLength ?? 0) === 0);
      const status = res.statusCode;
      const rawUrl = req.url ?? "/";
      const q = rawUrl.indexOf("?");
      const contentRange = /^bytes (\d+)-(\d+)\//.exec(String(res.getHeader("content-range") ?? ""));
      const error = status >= 400;
      // The guard function answered (revoked or missing link id): CloudFront logs that as FunctionGeneratedResponse.
      const guard = res.getHeader("x-deny-reason") === GUARD_DENY_REASON;
      const result = error ? "Error" : "Miss";
      const at = this.options.clock();
      const record: LogRecord = {
        date: at.toISOString().slice(0, 10),
        time: at.toISOString().slice(11, 19),
        "x-edge-location": "LOCAL",
        "sc-bytes": String(Math.max(0, req.socket.bytesWritten - sentBefore)),
        ...(viewerAddress ? { "c-ip": viewerAddress } : {}),
        "cs-method": req.method ?? "-",
        "cs-uri-stem": q === -1 ? rawUrl : rawUrl.slice(0, q),
        "sc-status": String(status),
        ...(req.headers["user-agent"] ? { "cs(User-Agent)": logEncoded(req.headers["user-agent"]) } : {}),
        ...(q === -1 ? {} : { "cs-uri-query": rawUrl.slice(q + 1) }),
        "x-edge-result-type": result,
        "x-edge-request-id": randomBytes(21).toString("base64url"),
        "time-taken": ((performance.now() - started) / 1000).toFixed(3),
        "x-edge-response-result-type": aborted ? "Error" : result,
        "x-edge-detailed-result-type": guard ? "FunctionGeneratedResponse" : aborted ? "ClientCommError" : result,
        ...(res.getHeader("content-length") !== undefined ? { "sc-content-len": String(res.getHeader("content-length")) } : {}),
        ...(contentRange ? { "sc-range-start": contentRange[1], "sc-range-end": contentRange[2] } : {}),
      };
      this.append(at, formatLogLine(record));
    });
  }

  /** Resolves once every line tracked so far is written (tests, shutdown). */
  flushed(): Promise<void> {
    return this.queue;
  }

  private append(at: Date, line: string): void {
    this.queue = this.queue
      .then(async () => {
        const hour = Math.floor(at.getTime() / HOUR_MS);
        const folder = join(this.options.dir, LOCAL_LOG_BASE, distributionFolder(LOCAL_DISTRIBUTION_ID), hourPartition(at));
        if (hour !== this.currentHour) {
          await mkdir(folder, { recursive: true, mode: 0o700 });
          if (this.currentHour !== -1) await pruneLocalLogs(this.options.dir, new Date(at.getTime() - this.options.retentionMs));
          this.currentHour = hour;
        }
        await appendFile(join(folder, logFileName(LOCAL_DISTRIBUTION_ID, new Date(hour * HOUR_MS), this.unique, ".log")), line, { mode: 0o600 });
      })
      .catch((error: Error) => this.options.onError?.(error));
  }
}

/** Deletes the local log's hour partitions that end before `before`. */
export async function pruneLocalLogs(dir: string, before: Date): Promise<number> {
  const root = join(dir, LOCAL_LOG_BASE, distributionFolder(LOCAL_DISTRIBUTION_ID));
  let removed = 0;
  const entries = async (path: string, key: string) =>
    (await readdir(path, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && e.name.startsWith(`${key}=`)).map((e) => e.name);
  for (const year of await entries(root, "year")) {
    for (const month of await entries(join(root, year), "month")) {
      for (const day of await entries(join(root, year, month), "day")) {
        for (const hour of await entries(join(root, year, month, day), "hour")) {
          const [y, m, d, h] = [year, month, day, hour].map((part) => Number(part.split("=")[1]));
          const end = Date.UTC(y!, m! - 1, d!, h! + 1);
          if (Number.isFinite(end) && end <= before.getTime()) {
            await rm(join(root, year, month, day, hour), { recursive: true, force: true });
            removed++;
          }
        }
      }
    }
  }
  return removed;
}
