// Log lines in CloudFront standard logging v2's JSON output: the field names of the AWS field list
// ("Log file fields", CloudFront developer guide) with values in the forms that page documents
// (its example lines: edge location LAX1, request ids ending in "==", user agents URL-encoded,
// "-" for an empty field). Only the values that identify a link are ours.
import { gzipSync } from "node:zlib";
import { formatLogLine, LOG_FIELDS, type LogRecord } from "../../lib/activity/log-record.js";

export const LINK_ID = "Zm9vYmFyYmF6cXV4MTIzND";
export const OTHER_LINK_ID = "T3RoZXJsaW5raWQxMjM0NT";
export const CLIENT = "acme-corp";
export const DISTRIBUTION = "E2QWRUHEXAMPLE";
/** A signature as CloudFront's URLs carry them (CloudFront base64: - _ ~ instead of + = /). */
export const SIGNATURE = "Nql641NHEUkUaXQHZINK1FZ~SYeUSoBJMxjdgqrzIdzV2gyEXPDNv0pYdWJkflDKJ3xIu7lbwRpSkG98NBlgPi4ZJpRRnVX4kXAJK6tdNx6FucDB7OVqzcxkxHsGFd8VCG1BkC-Afh9~lOCMIYHIaiOB6~5jt9w2EOwi6sIIqrg_";
export const KEY_PAIR_ID = "K2JCJMDEHXQW5F";

/** The fields of the AWS documentation's example line (a GET of /index.html served from cache), as JSON. */
const DOC_EXAMPLE: LogRecord = {
  date: "2019-12-04",
  time: "21:02:31",
  "x-edge-location": "LAX1",
  "sc-bytes": "392",
  "c-ip": "192.0.2.100",
  "cs-method": "GET",
  "cs-uri-stem": "/index.html",
  "sc-status": "200",
  "cs(User-Agent)": "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36",
  "x-edge-result-type": "Hit",
  "x-edge-request-id": "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==",
  "time-taken": "0.001",
  "x-edge-response-result-type": "Hit",
  "x-edge-detailed-result-type": "Hit",
  "sc-content-len": "78",
};

let sequence = 0;

/** A signed query as the product's URLs have it: `l` first, then the canned-policy parameters. */
export function signedQuery(linkId: string | null = LINK_ID): string {
  return `${linkId ? `l=${linkId}&` : ""}Expires=1575500000&Signature=${SIGNATURE}&Key-Pair-Id=${KEY_PAIR_ID}`;
}

/** One log record: the documentation's example with these fields changed (a fresh request id each). */
export function record(fields: LogRecord): LogRecord {
  sequence++;
  return { ...DOC_EXAMPLE, "x-edge-request-id": `${String(sequence).padStart(4, "0")}${DOC_EXAMPLE["x-edge-request-id"]!.slice(4)}`, ...fields };
}

export const fixtures = {
  /** The link's page, viewed. */
  page: () => record({ time: "21:00:05", "cs-uri-stem": `/${CLIENT}/_links/${LINK_ID}.html`, "cs-uri-query": signedQuery(), "sc-content-len": "5120", "x-edge-result-type": "Miss", "x-edge-response-result-type": "Miss", "x-edge-detailed-result-type": "Miss" }),
  /** A whole file, sent to the end (cache miss). */
  whole: (file = "report.pdf", time = "21:01:10") =>
    record({ time, "cs-uri-stem": `/${CLIENT}/${file}`, "cs-uri-query": signedQuery(), "sc-bytes": "1048920", "sc-content-len": "1048576", "sc-content-type": "application/pdf", "x-edge-result-type": "Miss", "x-edge-response-result-type": "Miss", "x-edge-detailed-result-type": "Miss" } as LogRecord),
  /** A Range request (206) for bytes start..end of a file. */
  range: (file: string, start: number, end: number, time: string) =>
    record({ time, "cs-uri-stem": `/${CLIENT}/${file}`, "cs-uri-query": signedQuery(), "sc-status": "206", "sc-bytes": String(end - start + 1 + 380), "sc-content-len": String(end - start + 1), "sc-range-start": String(start), "sc-range-end": String(end) }),
  /** CloudFront: 200, response result type Error while the edge result is not: the viewer disconnected before the last byte. */
  aborted: (file = "data/big export.zip") =>
    record({ time: "21:03:00", "cs-uri-stem": `/${CLIENT}/${file.split("/").map(encodeURIComponent).join("/")}`, "cs-uri-query": signedQuery(), "sc-bytes": "65536", "sc-content-len": "734003200", "x-edge-result-type": "Miss", "x-edge-response-result-type": "Error", "x-edge-detailed-result-type": "ClientCommError" }),
  /** A tampered signature: CloudFront answers 403 itself. */
  deniedSignature: () =>
    record({ time: "21:04:00", "cs-uri-stem": `/${CLIENT}/report.pdf`, "cs-uri-query": signedQuery().replace("Signature=Nq", "Signature=XX"), "sc-status": "403", "sc-bytes": "1200", "x-edge-result-type": "Error", "x-edge-response-result-type": "Error", "x-edge-detailed-result-type": "Error", "sc-content-len": "-" }),
  /** A revoked link: the viewer-request function generated the 403. */
  deniedGuard: () =>
    record({ time: "21:05:00", "cs-uri-stem": `/${CLIENT}/report.pdf`, "cs-uri-query": signedQuery(), "sc-status": "403", "sc-bytes": "900", "x-edge-result-type": "FunctionGeneratedResponse", "x-edge-response-result-type": "FunctionGeneratedResponse", "x-edge-detailed-result-type": "FunctionGeneratedResponse" }),
  /** A URL signed without a link id (by hand, or before link ids existed): no link can claim it. */
  noLinkId: () => record({ time: "21:06:00", "cs-uri-stem": `/${CLIENT}/report.pdf`, "cs-uri-query": signedQuery(null) }),
  /** Another link's download of the same file. */
  otherLink: () => record({ time: "21:07:00", "cs-uri-stem": `/${CLIENT}/report.pdf`, "cs-uri-query": signedQuery(OTHER_LINK_ID), "c-ip": "198.51.100.7" }),
};

/** JSON lines, one per record (LOG_FIELDS order). */
export function lines(records: LogRecord[]): string {
  return records.map(formatLogLine).join("");
}

export function gzipLines(records: LogRecord[]): Buffer {
  return gzipSync(lines(records));
}

export { LOG_FIELDS };
