// Where file requests keep what they receive (docs/requests.md#where-files-go).
import { createHash } from "node:crypto";
import { RECEIVED_FOLDER } from "../names/reserved-names.js";
import { clientFolderKey } from "../links/layout.js";

export { RECEIVED_FOLDER };

/**
 * Top-level prefix of files being received: outside the served prefix (CloudFront reads only
 * client_files/) and outside portal/. A file waits here until it is accepted (scanned clean, or at
 * once without scanning), then moves under the client's received/ folder.
 */
export const INCOMING_PREFIX = "incoming";

/** Prefix of each request's bookkeeping: its ledger of received files, name claims and batches. */
export const REQUESTS_PREFIX = "portal/requests/";

/** The path segment after `/<client>/_links/<requestId>/` under which the upload API answers. */
export const UPLOAD_API_SEGMENT = "upload";

/** `incoming/<client>/<requestId>/<path>`: where a received file waits. */
export function incomingKey(client: string, requestId: string, path: string): string {
  return `${INCOMING_PREFIX}/${client}/${requestId}/${path}`;
}

/** `<prefix>/<client>/received/<requestId>/<path>`: where an accepted file lives, a client file like any other. */
export function receivedKey(prefix: string, client: string, requestId: string, path: string): string {
  return `${clientFolderKey(prefix, client)}${receivedPath(requestId, path)}`;
}

/** The accepted file's path inside the client folder: `received/<requestId>/<path>`. */
export function receivedPath(requestId: string, path: string): string {
  return `${RECEIVED_FOLDER}/${requestId}/${path}`;
}

export function requestPrefix(requestId: string): string {
  return `${REQUESTS_PREFIX}${requestId}/`;
}

/** One ledger entry per received file, numbered from 1 in the order they were completed. */
export function ledgerKey(requestId: string, seq: number): string {
  return `${requestPrefix(requestId)}files/${String(seq).padStart(6, "0")}.json`;
}

export function ledgerPrefix(requestId: string): string {
  return `${requestPrefix(requestId)}files/`;
}

/** A name is received once per request: claimed by the upload that completes it first. */
export function nameClaimKey(requestId: string, path: string): string {
  return `${requestPrefix(requestId)}names/${createHash("sha256").update(path, "utf8").digest("hex")}.json`;
}

/** A batch (what the client sent in one go) is announced once. */
export function batchKey(requestId: string, batchId: string): string {
  return `${requestPrefix(requestId)}batches/${batchId}.json`;
}
