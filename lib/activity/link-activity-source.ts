import type { Clock } from "../clock.js";
import type { LinkRecord } from "../links/link-record.js";
import type { LinkRecords } from "../links/link-records.js";
import type { ObjectStore } from "../storage/object-store.js";
import { z } from "zod";
import { JsonCollection } from "../storage/json-collection.js";
import type { ActivityEvent, LinkRef } from "./link-events.js";
import { linkEvent } from "./link-events.js";
import type { LinkActivitySource, LinkActivitySummary } from "./link-summary.js";
import type { LogReader, ScanProblems } from "./log-reader.js";
import { parseLogLine } from "./log-record.js";
import { summarize, type ActivityTotals, type FileActivity } from "./summarize.js";
import type { ViewerAddressRule } from "./viewer-address.js";

/** How the edge's log reaches the reader: at once (the local edge) or late and best-effort (CloudFront). */
export type LogDelivery = "local" | "cloudfront";

/** Everything known of one link's use: its requests (oldest first), its files and the totals. */
export interface LinkActivity {
  linkId: string;
  client: string;
  events: ActivityEvent[];
  /** Older requests left out of `events` (the counts include them). */
  eventsOmitted: number;
  files: FileActivity[];
  /** Files the link covers now that no one has downloaded completely yet (relative paths, sorted). */
  filesPending: string[];
  totals: ActivityTotals;
  /** Logs are read up to this instant. */
  asOf: string;
  /** The sentence to show next to it: how late and how complete the log is. */
  completeness: string;
  /** Log files that could not be read (a torn gzip): named, the rest is still shown. */
  unreadable: string[];
}

/** The stored summary of a link (under portal/activity/ in the bucket): list pages read these instead of logs. */
const storedSummarySchema = z.object({
  linkId: z.string(),
  downloads: z.number().int().nonnegative(),
  firstDownloadAt: z.string().nullable(),
  lastDownloadAt: z.string().nullable(),
  filesComplete: z.array(z.string()),
  asOf: z.string(),
  pageViews: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  /** No later log line can change it: the link ended longer ago than the log's longest delay. */
  final: z.boolean(),
});
export type StoredSummary = z.infer<typeof storedSummarySchema>;

/** One client's stored summaries, by link id (a JsonCollection: reads checked against the schema). */
function summariesOf(store: ObjectStore, client: string): JsonCollection<typeof storedSummarySchema> {
  return new JsonCollection(store, { prefix: `${ACTIVITY_SUMMARIES_PREFIX}${client}/`, schema: storedSummarySchema });
}

export interface LogActivitySourceDeps {
  reader: LogReader;
  /** Where summaries are kept (the bucket or the data directory). */
  store: ObjectStore;
  records: LinkRecords;
  /**
   * The link's files with their sizes as issued (its file set, lib/links/link-file-set.ts), by path
   * relative to the client folder; undefined for a link issued before file sets were kept.
   */
  fileSet(record: LinkRecord): Promise<Map<string, number> | undefined>;
  /** The size of one of the client's files now (a HEAD), for links without a file set; undefined when it is gone. */
  fileSize(client: string, path: string): Promise<number | undefined>;
  clock: Clock;
  delivery: LogDelivery;
  viewerAddress: ViewerAddressRule;
  /** Requests older than this are neither shown nor counted (SHARE_ACTIVITY_RETENTION). */
  retentionMs: number;
  /** A stored summary younger than this is used as it is (default: 15 seconds locally, 5 minutes with CloudFront). */
  freshMs?: number;
  /** At most this many events are returned, the newest (default 5,000). */
  maxEvents?: number;
}

export const ACTIVITY_SUMMARIES_PREFIX = "portal/activity/";
const HOUR_MS = 3_600_000;
/** CloudFront: "some or all log file entries for a time period can sometimes be delayed by up to 24 hours". */
const CLOUDFRONT_MAX_DELAY_MS = 24 * HOUR_MS;
const SUMMARY_CONCURRENCY = 4;
/** Files a link without a file set looks up by HEAD at most. */
const MAX_SIZE_LOOKUPS = 1000;
const NO_FILE_SET = "This link was issued before links kept their file list: files not downloaded yet are not listed, and sizes are today's.";

/** The "as of" sentence for a delivery (docs/activity.md, "Delay and completeness"). */
export function completenessSentence(delivery: LogDelivery, asOf: Date): string {
  const time = `${asOf.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return delivery === "local"
    ? `Activity up to ${time}. The local edge writes its log as it serves each request.`
    : `Activity up to ${time}. CloudFront delivers its logs with a delay (usually within an hour, sometimes up to 24 hours) and does not guarantee every line.`;
}


/**
 * Per-link activity from the edge's access logs, in local mode and in AWS mode alike: scans only
 * the hour partitions of the link's lifetime (within the retention), attributes requests by the
 * link id every signed URL carries, and keeps a small summary per link so list pages need no scan.
 */
export class LogActivitySource implements LinkActivitySource {
  private readonly freshMs: number;

  constructor(private readonly deps: LogActivitySourceDeps) {
    // Locally the log is written as requests are served; a list page still need not scan a link more than every few seconds.
    this.freshMs = deps.freshMs ?? (deps.delivery === "local" ? 15_000 : 5 * 60_000);
  }

  /**
   * Scans the logs for the link, stores its summary, and returns everything. Sizes and the files not
   * yet downloaded come from the link's file set, never from listing the client's folder; with
   * `files: false` (a summary) the set is read only when a Range request needs a size.
   */
  async activity(record: LinkRecord, options: { files?: boolean } = {}): Promise<LinkActivity> {
    const now = this.deps.clock();
    const from = new Date(Math.max(Date.parse(record.issuedAt) - HOUR_MS, now.getTime() - this.deps.retentionMs));
    const end = Math.min(now.getTime(), Date.parse(record.expiresAt) + 24 * HOUR_MS);
    const to = new Date(end);
    const link = { linkId: record.linkId, client: record.client };
    const problems: ScanProblems = { unreadable: [] };
    const events: ActivityEvent[] = [];
    const seen = new Set<string>();
    if (from <= to) {
      for await (const line of this.deps.reader.lines(record.linkId, from, to, problems)) {
        const parsed = parseLogLine(line);
        const event = parsed && linkEvent(parsed, link, this.deps.viewerAddress);
        if (!event || Date.parse(event.at) < from.getTime()) continue;
        // A request CloudFront logged twice (a redelivered file) counts once.
        if (event.requestId) {
          if (seen.has(event.requestId)) continue;
          seen.add(event.requestId);
        }
        events.push(event);
      }
    }
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const wanted = options.files !== false || events.some((event) => event.outcome === "partial" && event.range && event.file !== null);
    const set = wanted ? await this.deps.fileSet(record).catch(() => undefined) : undefined;
    const sizes = set ?? (wanted ? await this.sizesNow(record.client, events) : new Map<string, number>());
    const { files, totals } = summarize(record.linkId, events, sizes, record.fileCount, now);
    const complete = new Set(totals.filesComplete);
    // The set holds exactly the files the link covers (its selection applied when it was issued).
    const filesPending = set ? [...set.keys()].filter((path) => !complete.has(path)).sort() : [];
    await this.store(record, totals, now);
    const max = this.deps.maxEvents ?? 5000;
    return {
      ...link,
      events: events.length > max ? events.slice(-max) : events,
      eventsOmitted: Math.max(0, events.length - max),
      files,
      filesPending,
      totals,
      asOf: totals.asOf,
      completeness: completenessSentence(this.deps.delivery, now) + (set || !wanted ? "" : ` ${NO_FILE_SET}`),
      unreadable: problems.unreadable,
    };
  }

  /** Sizes now of the files the events name (a link issued before file sets were kept): a HEAD each, bounded by the link's own requests. */
  private async sizesNow(client: string, events: readonly ActivityEvent[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    const names = [...new Set(events.flatMap((event) => (event.file === null ? [] : [event.file])))].slice(0, MAX_SIZE_LOOKUPS);
    for (let i = 0; i < names.length; i += SUMMARY_CONCURRENCY) {
      const batch = names.slice(i, i + SUMMARY_CONCURRENCY);
      const found = await Promise.all(batch.map((name) => this.deps.fileSize(client, name).catch(() => undefined)));
      batch.forEach((name, j) => found[j] !== undefined && sizes.set(name, found[j]!));
    }
    return sizes;
  }

  /** LinkActivitySource: the stored summary when fresh or final, else a new scan; null when nothing of the link was seen. */
  async summary(linkId: string): Promise<LinkActivitySummary | null> {
    const record = await this.deps.records.find(linkId);
    if (!record) return null;
    return this.summaryOf(record);
  }

  /** `scan: false`: the stored summary even when stale (undefined when there is none), never a log read. */
  async summaryOf(record: LinkRecord, options: { scan?: boolean } = {}): Promise<ActivityTotals | null> {
    const stored = await this.stored(record);
    const now = this.deps.clock().getTime();
    const usable = stored && (stored.final || options.scan === false || now - Date.parse(stored.asOf) < this.freshMs);
    const totals = usable ? stored : options.scan === false ? undefined : (await this.activity(record, { files: false })).totals;
    if (!totals) return null;
    return totals.downloads === 0 && totals.pageViews === 0 && totals.denied === 0 ? null : totals;
  }

  /**
   * Summaries of many links (a list page), a few scans at a time. `maxScans` bounds the log reads
   * of one call (a page view): links past it show their stored summary, however old.
   */
  async summaries(records: readonly LinkRecord[], options: { maxScans?: number } = {}): Promise<Map<string, ActivityTotals | null>> {
    const result = new Map<string, ActivityTotals | null>();
    let scans = options.maxScans ?? Infinity;
    for (let i = 0; i < records.length; i += SUMMARY_CONCURRENCY) {
      const batch = records.slice(i, i + SUMMARY_CONCURRENCY);
      const done = await Promise.all(batch.map((record) => this.summaryOf(record, { scan: scans-- > 0 })));
      batch.forEach((record, j) => result.set(record.linkId, done[j] ?? null));
    }
    return result;
  }

  /**
   * The stored summary, checked against its schema. A summary is derived from the logs, so one that
   * is damaged (or unreadable) counts as missing: the next scan writes it afresh, and nothing is lost.
   */
  private async stored(record: LinkRecord): Promise<StoredSummary | undefined> {
    const stored = await summariesOf(this.deps.store, record.client)
      .get(record.linkId)
      .catch(() => undefined);
    return stored?.linkId === record.linkId ? stored : undefined;
  }

  private async store(record: LinkRecord, totals: ActivityTotals, now: Date): Promise<void> {
    const delay = this.deps.delivery === "local" ? 0 : CLOUDFRONT_MAX_DELAY_MS;
    // The scan window ends a day after expiry; once the log's longest delay has passed too, nothing can change it.
    const summary: StoredSummary = { ...totals, final: now.getTime() > Date.parse(record.expiresAt) + 24 * HOUR_MS + delay };
    await summariesOf(this.deps.store, record.client).put(record.linkId, summary);
  }
}
