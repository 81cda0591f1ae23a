// The route of the file-request upload API on the files host (docs/requests.md#the-upload-api), defined once
// for CloudFront (infra/signed-distribution.ts: a cache behaviour to the portal origin) and the local edge
// (lib/edge/edge-handler.ts: a proxy to the portal). No imports: the Pulumi program loads this file too.

/**
 * CloudFront path pattern of the upload API: `/<client>/_links/<request>/upload/<action>`. `_links` is
 * reserved in every client path, so no client file matches; a page (`/<client>/_links/<id>.html`) does not.
 * The behaviour must come before the index pages' `/*\/_links/*`.
 */
export const REQUEST_API_PATH_PATTERN = "/*/_links/*/upload/*";

/** Prepended to the path on the way to the portal (CloudFront: the portal origin's origin path), so no portal route can collide. */
export const REQUEST_API_ORIGIN_PATH = "/request-api";

/** The methods the upload API answers; the files host allows only GET and HEAD elsewhere. */
export const REQUEST_API_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];

/** Whether a request path (as sent, percent-encoded) is one of the upload API's: the same test as the path pattern. */
export function isRequestApiPath(path: string): boolean {
  return /^\/[^/]+\/_links\/[A-Za-z0-9_-]{22}\/upload\/[^?]+$/.test(path);
}
