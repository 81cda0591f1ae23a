import { InvalidRequestError, NotFoundError, ShareError } from "../errors.js";
import type { LinkRecord } from "./link-record.js";
import type { RevokeResult } from "./link-records.js";
import type { Publisher } from "../publishing/publisher.js";

export interface RenewRequest {
  linkId: string;
  expiresAt: Date;
  issuedBy: string;
  /** Revoke the old link once the new one is published. */
  revokeOld?: boolean;
  /** How one link is revoked (the same path as revoking it by hand); default: the publisher's records. */
  revoke?: (linkId: string, by: string) => Promise<RevokeResult>;
}

export interface RenewResult {
  record: LinkRecord;
  previous: LinkRecord;
  revoked?: RevokeResult;
}

/** Raised when the new link is out but revoking the old one failed: both work until it is revoked. */
export class RenewRevokeFailedError extends ShareError {
  override readonly name = "RenewRevokeFailedError";
  constructor(
    message: string,
    readonly record: LinkRecord,
    options: ErrorOptions,
  ) {
    super("upstream", message, options);
  }
}

/**
 * "Issue again": a new link for the same client and selection, in the same mode, hash algorithm
 * and IP range, with a new expiry (a start time is not carried over). The new link is published
 * first, so a failure never leaves the client with neither; then the old one is revoked when asked.
 */
export async function renewLink(publisher: Publisher, request: RenewRequest): Promise<RenewResult> {
  const previous = await publisher.records.find(request.linkId);
  if (!previous) throw new NotFoundError(`there is no link ${request.linkId}`, "link");
  if (previous.mode === "request") {
    throw new InvalidRequestError(`link ${request.linkId} is a file request, which is not issued again: create a new one (signed-share requests new ${previous.client} --expires 7d)`);
  }
  const record = await publisher.publish({
    client: previous.client,
    expiresAt: request.expiresAt,
    issuedBy: request.issuedBy,
    mode: previous.mode,
    hashAlgorithm: previous.hashAlgorithm,
    ...(previous.ipRange ? { ipRange: previous.ipRange } : {}),
    ...(previous.selection ? { only: previous.selection } : {}),
    renewedFrom: previous.linkId,
    // The label carries over; recipients do not (the new link has not been sent to anyone yet).
    ...(previous.label ? { label: previous.label } : {}),
  });
  if (!request.revokeOld) return { record, previous };
  const revoke = request.revoke ?? ((linkId, by) => publisher.records.revoke(linkId, by));
  try {
    return { record, previous, revoked: await revoke(previous.linkId, request.issuedBy) };
  } catch (error) {
    throw new RenewRevokeFailedError(
      `the new link ${record.linkId} is issued, but revoking the old link ${previous.linkId} failed: ${(error as Error).message}. Revoke it with: signed-share links revoke ${previous.linkId}`,
      record,
      { cause: error },
    );
  }
}
