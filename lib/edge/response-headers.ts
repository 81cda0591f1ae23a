// The response headers of the files origin, defined once for CloudFront (infra/signed-distribution.ts turns
// them into response headers policies) and for the local edge (lib/edge/edge-handler.ts sends them).
// No imports: the Pulumi program loads this file too (see infra/index.ts for why infra imports carry no ".js").

/**
 * CloudFront path pattern of the link index pages, `/<client>/_links/<link>.html` (the reserved folder of
 * lib/links/layout.ts). `*` matches any characters, `/` included, as in CloudFront.
 */
export const INDEX_PAGE_PATH_PATTERN = "/*/_links/*";

/** Whether a URL path matches a CloudFront path pattern (`*` any characters, `?` exactly one; case-sensitive). */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${regex}$`).test(path);
}

/**
 * The one inline style of every page the edge generates (the guard's refusals and the custom error page,
 * lib/edge/guard/viewer-request.js), by hash. On a page path such a page is served under the page paths'
 * CSP, which therefore allows this style too (docs/revocation.md, "What the viewer sees").
 * A copy, like the hashes below; a test fails with the value to paste here whenever that style changes.
 */
export const REFUSAL_PAGE_STYLE_HASH = "'sha256-uxr3KYMjTy7ISXb1G2Eab7qsBzSobC5x9B/IrJJx37Y='";

/**
 * The inline scripts and styles of the pages the files host serves under `_links/`, by hash: index
 * pages for a few files and for many (INDEX_PAGE_CSP of lib/pages/page-scripts.ts) and file requests'
 * upload pages (REQUEST_PAGE_HASHES of lib/requests/request-page.ts). Written by
 * `npx tsx tools/dev/write-page-hashes.ts`, which computes them from those modules (the Pulumi program
 * cannot load them); test/edge/response-headers.test.ts fails when they are stale.
 */
// BEGIN PAGE_HASHES (tools/dev/write-page-hashes.ts)
export const PAGE_HASHES = {
  index: { scripts: ["'sha256-0T4xVh4DcxmehoJSiHCZ/F8QpsYZM8Xd5w1WlhOd5uk='", "'sha256-EF8iMNJq7wNdNsVtdsfKPWy/+iE7Tpc1bQoDiKFaQJ8='"], style: "'sha256-sFtjE9/0Tge7rSBt5qynLZzFOgDbZnJscxv0vivQLDw='" },
  request: { scripts: ["'sha256-6aUDpnu9HOqhysDJdv03zl7IPpS0dPa9JlRPFzAnXMo='"], style: "'sha256-1ARJ0MWkwEoO5rzLmnFwbdi3zbOMnu+hOuorcOSYK18='" },
} as const;
// END PAGE_HASHES

/**
 * The Content-Security-Policy header of page paths: each page's own policy (also in its meta tag) allows
 * only its own script and style; the header allows both kinds', the refusal pages' style, and what only a
 * header can say (no framing). `uploadOrigin`: where an upload page sends parts besides its own origin
 * (the bucket's origin in AWS mode, where parts go straight to S3).
 */
export function pagePathCsp(uploadOrigin?: string): string {
  return [
    "default-src 'none'",
    `script-src ${[...PAGE_HASHES.index.scripts, ...PAGE_HASHES.request.scripts].join(" ")}`,
    `style-src ${PAGE_HASHES.index.style} ${PAGE_HASHES.request.style} ${REFUSAL_PAGE_STYLE_HASH}`,
    `connect-src 'self'${uploadOrigin ? ` ${uploadOrigin}` : ""}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The page paths' header where parts go to the files host itself (local mode). */
export const INDEX_PAGE_CSP_HEADER = pagePathCsp();

/**
 * Client files (everything else): never active content on the files origin. An HTML or SVG file a client
 * folder holds would otherwise run script with this origin and could read the folder link's other files.
 * `sandbox` gives such a document an opaque origin and no script. (A `Content-Disposition: attachment` for
 * every response is not added here: CloudFront would add it to its custom error page too, and the "link
 * expired" page would then be downloaded. Objects may carry their own Content-Disposition.)
 */
export const CLIENT_FILE_CSP = "sandbox";

export interface EdgeHeaderSet {
  /** Strict-Transport-Security max-age in seconds, includeSubDomains. */
  hstsMaxAgeSeconds: number;
  contentSecurityPolicy: string;
  /** Other headers, always sent, replacing whatever the object carries. */
  headers: Readonly<Record<string, string>>;
}

const HSTS_MAX_AGE_SECONDS = 63_072_000; // two years

/** Search engines must never index a link or a file: a signed URL is a password. */
const ALWAYS = { "X-Robots-Tag": "noindex, nofollow" };

export const INDEX_PAGE_HEADERS: EdgeHeaderSet = {
  hstsMaxAgeSeconds: HSTS_MAX_AGE_SECONDS,
  contentSecurityPolicy: INDEX_PAGE_CSP_HEADER,
  headers: ALWAYS,
};

/** The page paths' headers when upload pages send parts to `uploadOrigin` (CloudFront in front of an S3 bucket). */
export function pageHeaders(uploadOrigin?: string): EdgeHeaderSet {
  return { ...INDEX_PAGE_HEADERS, contentSecurityPolicy: pagePathCsp(uploadOrigin) };
}

export const CLIENT_FILE_HEADERS: EdgeHeaderSet = {
  hstsMaxAgeSeconds: HSTS_MAX_AGE_SECONDS,
  contentSecurityPolicy: CLIENT_FILE_CSP,
  headers: ALWAYS,
};

/** The header set of a request path: index pages by their path pattern, everything else a client file. */
export function headerSetForPath(path: string): EdgeHeaderSet {
  return matchesPathPattern(INDEX_PAGE_PATH_PATTERN, path) ? INDEX_PAGE_HEADERS : CLIENT_FILE_HEADERS;
}

/** The headers every response of a header set carries, as lower-case name → value. */
export function responseHeaderValues(set: EdgeHeaderSet): Record<string, string> {
  const values: Record<string, string> = {
    "strict-transport-security": `max-age=${set.hstsMaxAgeSeconds}; includeSubDomains`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": set.contentSecurityPolicy,
  };
  for (const [name, value] of Object.entries(set.headers)) values[name.toLowerCase()] = value;
  return values;
}
