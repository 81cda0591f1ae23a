import type { ActivityEvent } from "./link-events.js";
import type { LinkActivitySummary } from "./link-summary.js";

/** What one file of the link saw. */
export interface FileActivity {
  file: string;
  /** From the client's folder now; null when the file is gone. */
  size: number | null;
  complete: boolean;
  /** When the last missing byte arrived (a whole download, or the Range request that closed the gap). */
  completedAt: string | null;
  /** Requests that delivered bytes of it (complete, partial or aborted). */
  downloads: number;
}

/** The summary plus what the link's page and `links activity` show. */
export interface ActivityTotals extends LinkActivitySummary {
  pageViews: number;
  denied: number;
  /** Files the link covers (from its record). */
  filesTotal: number;
}

const DELIVERED = new Set(["complete", "partial", "aborted"]);

/** Whether the sorted, merged ranges cover 0..size-1. */
function covers(ranges: [number, number][], size: number): boolean {
  return ranges.length > 0 && ranges[0]![0] === 0 && ranges[0]![1] >= size - 1;
}

function addRange(ranges: [number, number][], start: number, end: number): [number, number][] {
  const all = [...ranges, [start, end] as [number, number]].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of all) {
    const last = merged.at(-1);
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/**
 * Files and totals from a link's events (in any order). A file is complete once a whole download
 * finished, or once Range requests that were served to the end together cover every byte of its
 * current size. Aborted requests count as downloads but never complete a file.
 */
export function summarize(
  linkId: string,
  events: readonly ActivityEvent[],
  sizes: ReadonlyMap<string, number>,
  filesTotal: number,
  asOf: Date,
): { files: FileActivity[]; totals: ActivityTotals } {
  const files = new Map<string, FileActivity & { ranges: [number, number][] }>();
  let downloads = 0;
  let firstDownloadAt: string | null = null;
  let lastDownloadAt: string | null = null;
  let pageViews = 0;
  let denied = 0;
  const ordered = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const event of ordered) {
    if (event.outcome === "denied") denied++;
    if (event.kind === "page") {
      if (event.status === 200 && event.method === "GET") pageViews++;
      continue;
    }
    if (!DELIVERED.has(event.outcome) || event.file === null) continue;
    downloads++;
    firstDownloadAt ??= event.at;
    lastDownloadAt = event.at;
    let file = files.get(event.file);
    if (!file) {
      file = { file: event.file, size: sizes.get(event.file) ?? null, complete: false, completedAt: null, downloads: 0, ranges: [] };
      files.set(event.file, file);
    }
    file.downloads++;
    if (file.complete) continue;
    if (event.outcome === "complete") {
      file.complete = true;
      file.completedAt = event.at;
    } else if (event.outcome === "partial" && event.range && file.size !== null) {
      file.ranges = addRange(file.ranges, event.range.start, event.range.end);
      if (covers(file.ranges, file.size)) {
        file.complete = true;
        file.completedAt = event.at;
      }
    }
  }
  const list = [...files.values()].map(({ ranges: _ranges, ...file }) => file).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    files: list,
    totals: {
      linkId,
      downloads,
      firstDownloadAt,
      lastDownloadAt,
      filesComplete: list.filter((f) => f.complete).map((f) => f.file),
      asOf: asOf.toISOString(),
      pageViews,
      denied,
      filesTotal,
    },
  };
}
