/**
 * The link id in every URL the product signs (docs/revocation.md): the query parameter `l`, placed
 * before the signing parameters, which the edge guard (lib/edge/guard/viewer-request.js) looks up
 * in the revocation list.
 */
export const LINK_ID_PARAM = "l";

/** What the edge guard accepts as a link id: URL-safe, at least 128 bits (22 base64url characters). */
export const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function isGuardedLinkId(text: string): boolean {
  return LINK_ID_PATTERN.test(text);
}

/** `url` with `l=<linkId>` appended to its query (it has no signing parameters yet). */
export function withLinkId(url: string, linkId: string): string {
  if (!isGuardedLinkId(linkId)) throw new Error(`a link id is 22 to 128 characters of A-Z a-z 0-9 _ -, not ${JSON.stringify(linkId)}`);
  return `${url}${url.includes("?") ? "&" : "?"}${LINK_ID_PARAM}=${linkId}`;
}

/**
 * The custom-policy resource of a folder link: any URL under the folder whose query ends in
 * `l=<linkId>`. In a policy resource `*` matches any run of characters and `?` exactly one (here the
 * `?` or `&` before `l`), so the signature covers the link id: swapping in another id gives a 403.
 */
export function folderResourceFor(folderUrl: string, linkId: string): string {
  if (!isGuardedLinkId(linkId)) throw new Error(`a link id is 22 to 128 characters of A-Z a-z 0-9 _ -, not ${JSON.stringify(linkId)}`);
  return `${folderUrl}*?${LINK_ID_PARAM}=${linkId}`;
}
