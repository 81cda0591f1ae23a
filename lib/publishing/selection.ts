import { reservedPathProblem } from "../names/reserved-names.js";
import { InvalidRequestError, NotFoundError } from "../errors.js";
import type { LinkRecord } from "../links/link-record.js";

/**
 * What a link covers inside the client's folder: absent means the whole folder; otherwise a list of
 * entries, each a sub-folder ("exports/", always ending with "/") or one file ("exports/a.csv").
 */
export type Selection = readonly string[];

export const MAX_SELECTION_ENTRIES = 1000;
const MAX_ENTRY_LENGTH = 1024;

/**
 * Checks and normalises what an operator asked for: no absolute or relative segments, no reserved
 * name as any segment (lib/names/reserved-names.ts), no duplicates. Entries name stored files, so
 * the character rule for new names is not applied (a file stored before it can still be chosen).
 * An entry written without a trailing "/" stays undecided (file or folder) until the listing says
 * which. Returns undefined for "the whole folder" (no entries).
 */
export function parseSelection(entries: readonly string[] | undefined): string[] | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  if (entries.length > MAX_SELECTION_ENTRIES) throw new InvalidRequestError(`a selection holds at most ${MAX_SELECTION_ENTRIES} entries, not ${entries.length}: choose folders instead of single files`);
  const seen = new Set<string>();
  for (const raw of entries) {
    const entry = validateEntry(raw);
    seen.add(entry);
  }
  return [...seen];
}

function validateEntry(raw: string): string {
  if (typeof raw !== "string") throw new InvalidRequestError("a selection entry must be a path");
  const entry = raw.replace(/\/{2,}$/, "/");
  const what = JSON.stringify(raw);
  const segments = (entry.endsWith("/") ? entry.slice(0, -1) : entry).split("/");
  const reason =
    entry === "" || entry === "/"
      ? "is empty (leave the selection out to share the whole folder)"
      : entry.startsWith("/")
        ? "starts with / (paths are relative to the client's folder)"
        : /[\u0000-\u001f\u007f]/.test(entry)
          ? "contains a control character"
          : entry.length > MAX_ENTRY_LENGTH
            ? `is longer than ${MAX_ENTRY_LENGTH} characters`
            : segments.some((s) => s === "")
              ? "has an empty segment (//)"
              : segments.some((s) => s === "." || s === "..")
                ? "has a . or .. segment"
                : reservedPathProblem(segments.join("/"));
  if (reason) throw new InvalidRequestError(`selection entry ${what} ${reason}`);
  return entry;
}

/** How one file of the client's folder is covered: by a folder entry (its wildcard) or as itself. */
export type Coverage = { folder: string } | { file: string };

/**
 * Matches listed files against a parsed selection while the listing streams, then settles which
 * entries were files and which folders. An undecided entry ("exports") that names a file is that
 * file; one that names no file but has files below it is the folder "exports/".
 */
export class SelectionMatcher {
  private readonly folders: string[];
  private readonly exact = new Set<string>();
  private readonly undecided: Set<string>;
  private readonly hits = new Map<string, { asFile: number; asFolder: number }>();

  constructor(private readonly entries: readonly string[]) {
    // Outer folders first, so a file under "a/" and "a/b/" is covered by "a/" (one wildcard, not two).
    this.folders = entries.filter((e) => e.endsWith("/")).sort((a, b) => a.length - b.length);
    this.undecided = new Set(entries.filter((e) => !e.endsWith("/")));
    for (const entry of entries) this.hits.set(entry, { asFile: 0, asFolder: 0 });
  }

  /** How the file at `path` is covered, or undefined when the selection leaves it out. */
  cover(path: string): Coverage | undefined {
    let found: Coverage | undefined;
    for (const folder of this.folders) {
      if (path.startsWith(folder)) {
        this.hits.get(folder)!.asFolder += 1;
        found ??= { folder };
      }
    }
    if (this.undecided.has(path)) {
      this.hits.get(path)!.asFile += 1;
      found ??= { file: path };
    }
    // An undecided entry may be a folder: every ancestor of the path is a candidate.
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
      const ancestor = path.slice(0, slash);
      if (this.undecided.has(ancestor)) {
        this.hits.get(ancestor)!.asFolder += 1;
        found ??= { folder: `${ancestor}/` };
      }
    }
    return found;
  }

  /**
   * The entries as they resolved (folders with a trailing "/"), in the order given. Throws
   * NotFoundError for an entry that matched nothing and InvalidRequestError for one that is both a
   * file and a folder.
   */
  resolved(client: string): string[] {
    const out: string[] = [];
    for (const entry of this.entries) {
      const hit = this.hits.get(entry)!;
      if (hit.asFile === 0 && hit.asFolder === 0) {
        throw new NotFoundError(`client "${client}" has no file or folder ${JSON.stringify(entry)} to share`, "path");
      }
      if (hit.asFile > 0 && hit.asFolder > 0) {
        throw new InvalidRequestError(`${JSON.stringify(entry)} is both a file and a folder in client "${client}": write ${JSON.stringify(`${entry}/`)} for the folder`);
      }
      out.push(hit.asFolder > 0 && !entry.endsWith("/") ? `${entry}/` : entry);
    }
    return out;
  }
}

/**
 * Above this many files a per-file page gets unwieldy (every file carries its own ~300-character
 * signature, the page and its download commands grow by about 1 KB per file): the portal asks for
 * a confirmation and the tools warn, suggesting folder mode.
 */
export const LARGE_PER_FILE_SELECTION = 500;

/** What a selection covers of a listing: file count and bytes (entries that match nothing count for nothing). */
export function summarizeSelection(files: readonly { path: string; size: number }[], entries: readonly string[] | undefined): { fileCount: number; bytes: number } {
  const matcher = entries && entries.length > 0 ? new SelectionMatcher(entries) : undefined;
  let fileCount = 0;
  let bytes = 0;
  for (const file of files) {
    if (matcher && !matcher.cover(file.path)) continue;
    fileCount += 1;
    bytes += file.size;
  }
  return { fileCount, bytes };
}

/** The warning for a per-file link over LARGE_PER_FILE_SELECTION files; undefined when there is nothing to say. */
export function largeSelectionWarning(mode: LinkRecord["mode"], fileCount: number): string | undefined {
  if (mode !== "per-file" || fileCount <= LARGE_PER_FILE_SELECTION) return undefined;
  return `a per-file link for ${fileCount} files makes a page with ${fileCount} signed links that is slow to open and unwieldy to use: folder mode signs one wildcard per folder instead (the page still lists every file)`;
}
