// The upload API's one credential: the request link itself (docs/requests.md#the-upload-api). The
// server checks its CloudFront signature with the key group's public keys, exactly as the edge did,
// so no second secret exists to leak or to rotate.
import type { TrustedPublicKeys } from "../keys/trusted-public-keys.js";
import { guardedLinkId } from "../edge/guard/query-rule.js";
import { isLinkId, RESERVED_FOLDER } from "../links/layout.js";
import { verifySignedUrl, type DenyReason } from "../signing/verify.js";
import { UPLOAD_API_SEGMENT } from "./layout.js";
import { requestResource } from "./request-link.js";

/** An upload API path as the viewer requested it: `/<client>/_links/<requestId>/upload/<action>`. */
export interface UploadApiPath {
  client: string;
  requestId: string;
  /** What follows `upload/`: "files", "parts", "part/<grant>", ... (still percent-encoded). */
  action: string;
}

/** The parts of an upload API path, or undefined when the path is not one. */
export function parseUploadApiPath(path: string): UploadApiPath | undefined {
  const match = new RegExp(`^/([^/]+)/${RESERVED_FOLDER}/([A-Za-z0-9_-]{22})/${UPLOAD_API_SEGMENT}/([^?]+)$`).exec(path);
  if (!match) return undefined;
  let client: string;
  try {
    client = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return { client, requestId: match[2]!, action: match[3]! };
}

/** Why a call is refused before the request's record is read. */
export type CredentialProblem = DenyReason | "not-upload-path" | "query" | "wrong-resource";

export type CredentialCheck =
  | { ok: true; client: string; requestId: string; action: string; keyPairId: string; expiresAt: Date }
  | { ok: false; problem: CredentialProblem; detail: string };

export interface CredentialContext {
  /** The files host's origin, as the request links name it (https://files.example.com). */
  publicOrigin: string;
  keys: TrustedPublicKeys;
  now: Date;
  viewerIp: string;
}

/**
 * Checks one upload API call, given the path and query the viewer sent to the files host: the query
 * is exactly the link's (one `l`, the signing parameters, nothing else: the edge guard's rule), `l`
 * names the request in the path, the signature is valid for the request's own resource (a folder
 * link's wildcard over the same path is not a request's credential), and the link has not expired.
 * Revocation and the request's state are the caller's next checks.
 */
export async function checkRequestCredential(pathAndQuery: string, context: CredentialContext): Promise<CredentialCheck> {
  const q = pathAndQuery.indexOf("?");
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const call = parseUploadApiPath(path);
  if (!call) return { ok: false, problem: "not-upload-path", detail: "not an upload API path" };
  const query = q === -1 ? "" : pathAndQuery.slice(q + 1);
  // The edge guard's own rule (exactly one l, otherwise only the signing parameters), from its one file.
  const linkId = guardedLinkId(query);
  if (!linkId) return { ok: false, problem: "query", detail: "the query must be the request link's: one l and the signing parameters, nothing else" };
  if (linkId !== call.requestId || !isLinkId(call.requestId)) return { ok: false, problem: "query", detail: "l does not name the request of this path" };
  const keyPairId = /(?:^|&)Key-Pair-Id=([^&]*)/.exec(query)?.[1];
  const key = keyPairId ? await context.keys.get(decodeURIComponent(keyPairId)) : undefined;
  const origin = context.publicOrigin.replace(/\/+$/, "");
  const verdict = verifySignedUrl(`${origin}${pathAndQuery}`, { trustedKey: (id) => (id === keyPairId ? key : undefined), now: context.now, viewerIp: context.viewerIp });
  if (!verdict.allow) return { ok: false, problem: verdict.reason, detail: verdict.detail };
  if (verdict.policy.resource !== requestResource(origin, call.client, call.requestId)) {
    return { ok: false, problem: "wrong-resource", detail: "the signature is not a file request's" };
  }
  return { ok: true, ...call, keyPairId: verdict.keyPairId, expiresAt: new Date(verdict.policy.dateLessThan * 1000) };
}
