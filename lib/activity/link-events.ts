import { guardedLinkId } from "../edge/guard/query-rule.js";
import { pagePath } from "../links/layout.js";
import { visibleName } from "../pages/visible-name.js";
import { recordInstant, type LogRecord } from "./log-record.js";
import { stripSigning } from "./strip-signing.js";
import { keptViewerAddress, type ViewerAddressRule } from "./viewer-address.js";

/**
 * What a request did, from the log line alone:
 * complete: a whole file (200) sent to the end; partial: a Range request (206) served;
 * aborted: the viewer disconnected before the last byte; denied: 403 (signature, expiry, key,
 * address, or the revocation guard); not-found: 404; not-modified: 304; checked: a HEAD;
 * failed: any other error.
 */
export type Outcome = "complete" | "partial" | "aborted" | "denied" | "not-found" | "not-modified" | "checked" | "failed";

/** One request of one link, as the product keeps and shows it: never a signature, the address as the privacy setting allows. */
export interface ActivityEvent {
  at: string;
  /** page: the link's index page; file: one of the client's files. */
  kind: "page" | "file";
  /** The object key relative to the client folder (decoded); null for the page. */
  file: string | null;
  method: string;
  status: number;
  outcome: Outcome;
  /** sc-bytes: everything sent to the viewer, headers included. */
  bytesSent: number | null;
  /** The byte range a 206 served (sc-range-start, sc-range-end). */
  range: { start: number; end: number } | null;
  /** Why a request was denied, where the log says. */
  reason: string | null;
  viewer: string | null;
  userAgent: string | null;
  edgeLocation: string | null;
  requestId: string | null;
}

export interface LinkRef {
  linkId: string;
  client: string;
}

const MAX_TEXT = 300;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Decoded once (CloudFront logs URL-encode the stem and the user agent), never throwing. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Safe to print in a terminal or a page: no control characters, bidi controls visible, no signature, bounded. */
export function shownText(text: string): string {
  const clean = visibleName(stripSigning(text).replace(CONTROL, "\uFFFD"));
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}…` : clean;
}

function number(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

function outcomeOf(record: LogRecord, method: string, status: number): { outcome: Outcome; reason: string | null } {
  const detailed = record["x-edge-detailed-result-type"];
  if (status === 403) {
    const reason =
      detailed === "FunctionGeneratedResponse"
        ? "refused by the edge guard: the link is revoked"
        : "signature, expiry, key or address refused";
    return { outcome: "denied", reason };
  }
  if (status === 404) return { outcome: "not-found", reason: null };
  if (status === 304) return { outcome: "not-modified", reason: null };
  if (status === 200 || status === 206) {
    if (method === "HEAD") return { outcome: "checked", reason: null };
    // CloudFront: a 2xx whose response result type is Error means the viewer disconnected before the last byte.
    const disconnected = record["x-edge-response-result-type"] === "Error" || detailed === "ClientCommError";
    if (disconnected) return { outcome: "aborted", reason: null };
    return { outcome: status === 206 ? "partial" : "complete", reason: null };
  }
  return { outcome: "failed", reason: null };
}

/**
 * The event of a log record when it belongs to the link: the edge guard reads `l=<linkId>` from its
 * query by the guard's own rule (exactly one `l`, otherwise only signing parameters; every URL a link
 * signs passes it). Anything else is another link's, or a request the guard refuses and no link can
 * claim (no `l`, or a forged query such as `?l=<other>&xl=<linkId>`), and gives undefined.
 */
export function linkEvent(record: LogRecord, link: LinkRef, viewerRule: ViewerAddressRule): ActivityEvent | undefined {
  const at = recordInstant(record);
  const stem = record["cs-uri-stem"];
  if (!at || !stem) return undefined;
  const path = decoded(stem);
  const page = `/${pagePath(link.client, link.linkId)}`;
  if (guardedLinkId(record["cs-uri-query"]) !== link.linkId) return undefined;
  const status = number(record["sc-status"]) ?? 0;
  const method = record["cs-method"] ?? "GET";
  const { outcome, reason } = outcomeOf(record, method, status);
  const clientFolder = `/${link.client}/`;
  const start = number(record["sc-range-start"]);
  const end = number(record["sc-range-end"]);
  return {
    at: at.toISOString(),
    kind: path === page ? "page" : "file",
    file: path === page ? null : shownText(path.startsWith(clientFolder) ? path.slice(clientFolder.length) : path.replace(/^\//, "")),
    method: shownText(method),
    status,
    outcome,
    bytesSent: number(record["sc-bytes"]),
    range: status === 206 && start !== null && end !== null && end >= start ? { start, end } : null,
    reason,
    viewer: keptViewerAddress(record["c-ip"], viewerRule),
    userAgent: record["cs(User-Agent)"] ? shownText(decoded(record["cs(User-Agent)"])) : null,
    edgeLocation: record["x-edge-location"] ? shownText(record["x-edge-location"]) : null,
    requestId: record["x-edge-request-id"] ? shownText(record["x-edge-request-id"]) : null,
  };
}
