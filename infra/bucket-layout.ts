// Where things live in the bucket and under which URL paths CloudFront serves them (docs/architecture.md#bucket-layout).
//
// Reachable without a signature: exactly one object, the expired-link page. Three locks keep it that way:
// 1. Its cache behaviour matches one exact path (no wildcard); every other path falls to a signed behaviour
//    (the index pages' own, or the default).
// 2. That behaviour's origin maps the path into `errors/`, outside the client folder.
// 3. The bucket policy lets CloudFront read `<originPrefix>/*` and that single key, nothing else, so even
//    a crafted path (`/link-expired.html/../x`) can only ever fetch the page itself or be denied.
// The page path has one segment, so it can never shadow a client file (always `<client>/<file>`).

/** Bucket folder with link records, users and key history: never served. */
export const PORTAL_PREFIX = "portal";
/** The rotation tool's journal, lock and history (lib/keys/rotation): the portal never touches them. */
export const ROTATION_PREFIX = `${PORTAL_PREFIX}/rotation`;

/** Bucket key of the expired-link page. */
export const ERROR_PAGE_KEY = "errors/link-expired.html";
/** Origin path of the error-page origin; with ERROR_PAGE_PATH it resolves to ERROR_PAGE_KEY. */
export const ERROR_PAGE_ORIGIN_PATH = "/errors";
/** URL path of the expired-link page, served without a signature. */
export const ERROR_PAGE_PATH = "/link-expired.html";

/** File directly under the client folder (not a client: clients are folders) for the rotation tool's edge probe. */
export const PROBE_FILE_NAME = "_rotation-probe.txt";

export const probeObjectKey = (originPrefix: string) => `${originPrefix}/${PROBE_FILE_NAME}`;
/** URL path of the probe object; it needs a signature like every client file. */
export const PROBE_PATH = `/${PROBE_FILE_NAME}`;
