/** Characters encodeURIComponent leaves as they are (less `*`), and the separator. */
const UNCHANGED = /^[A-Za-z0-9\-_.!~'()/]*$/;

/**
 * The URL path for an object key: each `/`-separated segment percent-encoded as UTF-8 with
 * encodeURIComponent, which is what a browser requests for the link, plus `*` as `%2A`: in a
 * custom policy's Resource a bare `*` is a wildcard, so a file named `report*` must not sign for
 * `report-secret.pdf`. Keys with invalid UTF-16 (lone surrogates) are refused.
 */
export function encodeKeyPath(key: string): string {
  // Nothing encodeURIComponent would change (and no `*`): the key is its own path, as most keys are.
  if (UNCHANGED.test(key)) return key;
  try {
    return key.split("/").map(encodeURIComponent).join("/").replaceAll("*", "%2A");
  } catch {
    throw new Error(`object key is not valid Unicode: ${JSON.stringify(key)}`);
  }
}

/** The public URL of `key` under a base such as https://files.example.com (origin path already applied). */
export function objectUrl(publicUrl: string, key: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/${encodeKeyPath(key)}`;
}
