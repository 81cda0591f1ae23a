// The documents of file requests, as every requests operation returns them.
import { z } from "zod";
import { ShareError } from "../../errors.js";
import type { RequestSummary } from "../../requests/file-requests.js";
import type { ReceivedFile } from "../../requests/ledger.js";
import type { FileRequestServices } from "../../requests/create-requests.js";
import type { Services } from "../services.js";

export const REQUEST_STATUSES = ["open", "closed", "revoked", "expired"] as const;

export const fileRequestSchema = z
  .object({
    requestId: z.string().meta({ description: "The request's id: its link's l= parameter (revoke it with links.revoke like any link)" }),
    client: z.string(),
    url: z.string().meta({ description: "The signed link to the upload page: the one link to send" }),
    status: z.enum(REQUEST_STATUSES).meta({ description: "open (takes files), closed (by an operator), revoked or expired, now" }),
    issuedBy: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    maxFileSize: z.number().int().meta({ description: "Largest file, in bytes" }),
    maxTotal: z.number().int().optional().meta({ description: "Total bytes it takes, when limited" }),
    maxFiles: z.number().int().optional().meta({ description: "Number of files it takes, when limited" }),
    note: z.string().optional().meta({ description: "The operator's words on the upload page" }),
    closed: z.object({ at: z.string(), by: z.string() }).optional(),
    files: z.number().int().meta({ description: "Files received so far" }),
    bytes: z.number().int().meta({ description: "Bytes received so far" }),
  })
  .meta({ id: "FileRequest", description: "A file request (docs/requests.md): a link whose page takes files from the client" });

export const receivedFileSchema = z
  .object({
    seq: z.number().int().meta({ description: "1, 2, 3 ... in the order the files arrived" }),
    path: z.string().meta({ description: "The path the client gave, under received/<requestId>/ in the client's folder" }),
    size: z.number().int(),
    contentType: z.string(),
    sha256: z.string().optional().meta({ description: "SHA-256 (hex) as the client's browser computed it" }),
    batch: z.string().meta({ description: "What the client sent in one go" }),
    receivedAt: z.string(),
    state: z.enum(["waiting", "accepted", "held"]).meta({ description: "waiting: for its malware scan; accepted: under received/; held: the scan found something or failed" }),
    acceptedAt: z.string().optional(),
    verdict: z.string().optional().meta({ description: "The scan verdict that decided (clean, off, infected, error, pending)" }),
  })
  .meta({ id: "ReceivedFile" });

export type FileRequestView = z.input<typeof fileRequestSchema>;
export type ReceivedFileView = z.input<typeof receivedFileSchema>;

export function requestView(summary: RequestSummary): FileRequestView {
  const { record } = summary;
  const terms = record.request!;
  return {
    requestId: record.linkId,
    client: record.client,
    url: record.url,
    status: summary.status,
    issuedBy: record.issuedBy,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    maxFileSize: terms.maxFileSize,
    ...(terms.maxTotal !== undefined ? { maxTotal: terms.maxTotal } : {}),
    ...(terms.maxFiles !== undefined ? { maxFiles: terms.maxFiles } : {}),
    ...(terms.note !== undefined ? { note: terms.note } : {}),
    ...(terms.closed ? { closed: terms.closed } : {}),
    files: summary.files,
    bytes: summary.bytes,
  };
}

export function receivedView(file: ReceivedFile): ReceivedFileView {
  return {
    seq: file.seq,
    path: file.path,
    size: file.size,
    contentType: file.contentType,
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
    batch: file.batch,
    receivedAt: file.receivedAt,
    state: file.state,
    ...(file.acceptedAt ? { acceptedAt: file.acceptedAt } : {}),
    ...(file.verdict ? { verdict: file.verdict } : {}),
  };
}

/** The file request services, or why there are none. */
export function requestsOf(services: Services): FileRequestServices {
  if (!services.requests) throw new ShareError("unavailable", "file requests are not set up in this process");
  return services.requests;
}
