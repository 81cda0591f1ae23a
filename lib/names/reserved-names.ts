import { TEMP_PREFIX } from "../storage/local-keys.js";

/**
 * The names the product keeps for itself inside client folders, defined once (docs/files.md#names).
 * A file path a person or a pipeline gives (upload, `files put`, publishing a selection) may not use
 * them; the product's own writes (index pages, later request pages and received files) go there.
 *
 * Matching ignores case: a local data directory on a case-insensitive file system (macOS, Windows)
 * would store "_LINKS/x.html" in "_links/", and CloudFront's path patterns are matched as written.
 */

/** The folder under each client's folder that holds published index pages (`<client>/_links/<link>.html`). */
export const PAGE_FOLDER = "_links";

/**
 * The folder under each client's folder where files received through file requests land once accepted
 * (`<client>/received/<requestId>/<path>`, docs/requests.md). Only accepting a received file writes
 * there; it is shared like any other file, but only when a link names it (a selection), never by a
 * link for the whole folder.
 */
export const RECEIVED_FOLDER = "received";

export interface ReservedName {
  /** The segment, or its start with `match: "prefix"`. */
  name: string;
  match: "exact" | "prefix";
  /**
   * "any-segment": refused as every folder or file name of a client path, at any depth (CloudFront
   * path patterns like `/*\/_links/*` match at any depth, `*` crossing slashes). "first-segment":
   * refused only directly under the client's folder.
   */
  where: "any-segment" | "first-segment";
  /** Why, for the refusal message: "published index pages live there". */
  why: string;
  /**
   * "everything": no path a person gives may use it (uploads, selections, publishing). "writes": only
   * new files are refused (uploads, `files put`); links may still share what the product put there.
   */
  refuses: "everything" | "writes";
}

/**
 * Every reserved segment. To reserve another name (a folder for file requests, say), add it here:
 * uploads, `files put`, selections and publishing all read this list.
 */
export const RESERVED_SEGMENTS: readonly ReservedName[] = [
  {
    name: PAGE_FOLDER,
    match: "exact",
    where: "any-segment",
    why: "published index pages live there, and the files host serves every path with such a folder as an index page",
    refuses: "everything",
  },
  { name: TEMP_PREFIX, match: "prefix", where: "any-segment", why: "it marks files being written", refuses: "everything" },
  {
    name: RECEIVED_FOLDER,
    match: "exact",
    where: "first-segment",
    why: "files clients send through file requests land there once accepted; upload into another folder",
    refuses: "writes",
  },
];

const RESERVED_LOWER = RESERVED_SEGMENTS.map((r) => [r, r.name.toLowerCase()] as const);

/**
 * The reserved name `segment` (at `depth`, 0 = directly under the client's folder) uses, or undefined.
 * `writing`: the path is for a new file, so names reserved for the product's writes count too.
 */
export function reservedSegment(segment: string, depth: number, writing = false): ReservedName | undefined {
  const lower = segment.toLowerCase();
  return RESERVED_SEGMENTS.find(
    (r) =>
      (writing || r.refuses === "everything") &&
      (r.where === "any-segment" || depth === 0) &&
      (r.match === "exact" ? lower === r.name.toLowerCase() : lower.startsWith(r.name.toLowerCase())),
  );
}

/**
 * Why a path inside a client folder ("reports/_links/x.html") uses a reserved name, or undefined
 * when it does not. `writing`: the path names a new file (an upload), which may not go where only
 * the product writes (received/).
 */
export function reservedPathProblem(path: string, options: { writing?: boolean } = {}): string | undefined {
  // Most paths hold no reserved name anywhere: one look at the whole path instead of one per segment.
  const lower = path.toLowerCase();
  if (!RESERVED_LOWER.some(([r, name]) => (options.writing || r.refuses === "everything") && lower.includes(name))) return undefined;
  const segments = path.split("/");
  for (const [depth, segment] of segments.entries()) {
    const reserved = reservedSegment(segment, depth, options.writing);
    if (!reserved) continue;
    const what = reserved.match === "exact" ? `the reserved folder name ${reserved.name}` : `a name starting with ${reserved.name}, which is reserved`;
    return `uses ${what}${segment === reserved.name ? "" : ` (as ${JSON.stringify(segment)})`}: ${reserved.why}`;
  }
  return undefined;
}

/**
 * Client folder names starting with these are refused: they would sit beside the product's own
 * objects under the shared prefix (`_rotation-probe.txt`) and the local store's metadata
 * (`.signed-share/`), and dot-names are hidden in most listings.
 */
export const RESERVED_CLIENT_PREFIXES = ["_", "."] as const;

/** Why `client` is or starts like a reserved name, or undefined. */
export function reservedClientProblem(client: string): string | undefined {
  const reserved = reservedSegment(client, 0, false);
  if (reserved?.match === "exact") return `is the reserved folder name ${reserved.name}`;
  const prefix = RESERVED_CLIENT_PREFIXES.find((p) => client.startsWith(p));
  return prefix ? `starts with "${prefix}", which is kept for the product's own objects (like _rotation-probe.txt)` : undefined;
}
