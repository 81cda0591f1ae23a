// The link of a file request (docs/requests.md#the-link): one custom-policy signature whose resource
// covers the upload page and the upload API behind it, and nothing else.
import { withLinkId } from "../links/link-id-param.js";
import { pagePath, RESERVED_FOLDER } from "../links/layout.js";
import { encodeKeyPath } from "../signing/object-url.js";
import { signUrl, type HashAlgorithm, type SigningKey } from "../signing/signer.js";
import { UPLOAD_API_SEGMENT } from "./layout.js";

/** `https://files.example.com/<client>/_links/<requestId>.html`: the upload page, published like an index page. */
export function requestPageUrl(publicOrigin: string, client: string, requestId: string): string {
  return `${publicOrigin.replace(/\/+$/, "")}/${encodeKeyPath(pagePath(client, requestId))}`;
}

/** The URL path below which the upload API answers for one request: `/<client>/_links/<requestId>/upload/`. */
export function uploadApiPath(client: string, requestId: string): string {
  return `/${encodeKeyPath(client)}/${RESERVED_FOLDER}/${requestId}/${UPLOAD_API_SEGMENT}/`;
}

/**
 * The policy resource: `https://files.example.com/<client>/_links/<requestId>*?l=<requestId>`. `*`
 * matches the page's `.html` and the API's `/upload/...` (and any query that ends in `l=<requestId>`,
 * which the edge guard narrows to exactly one `l`); no other link's page or any client file starts
 * that way, because link ids have a fixed length and `_links` is reserved in every client path.
 */
export function requestResource(publicOrigin: string, client: string, requestId: string): string {
  const pageUrl = requestPageUrl(publicOrigin, client, requestId);
  return `${pageUrl.slice(0, -".html".length)}*?l=${requestId}`;
}

export interface RequestLinkTerms {
  expiresAt: Date;
  hashAlgorithm?: HashAlgorithm;
}

/** The link a client gets: the page's URL with `l` and the signature of the request's resource. */
export function signRequestLink(publicOrigin: string, client: string, requestId: string, key: SigningKey, terms: RequestLinkTerms): string {
  return signUrl(withLinkId(requestPageUrl(publicOrigin, client, requestId), requestId), key, {
    dateLessThan: terms.expiresAt,
    resource: requestResource(publicOrigin, client, requestId),
    ...(terms.hashAlgorithm ? { hashAlgorithm: terms.hashAlgorithm } : {}),
  });
}
