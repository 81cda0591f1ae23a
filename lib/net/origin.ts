/**
 * Web origins and Host headers as the signing side trusts them. A configured URL that reaches a
 * signed policy's Resource must be a plain origin: a path could carry `*` or `?`, which a custom
 * policy reads as wildcards (`http://host/*` would sign for every client's folder).
 */

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;

function isHostName(host: string): boolean {
  return HOST_NAME.test(host) || IPV6_LITERAL.test(host);
}

/**
 * The origin (`scheme://host[:port]`, lower-cased, default port dropped) when `text` is exactly an
 * http(s) origin, a trailing "/" allowed; undefined for anything with a path, query, fragment,
 * user name, or a host that is not a DNS name or an IP address.
 */
export function exactOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") return undefined;
  if (/[?#*]/.test(text) || !isHostName(url.hostname)) return undefined;
  return url.origin;
}

/** True for a Host header of the form host[:port] (a DNS name, IPv4 or [IPv6], port 1-65535). */
export function isHostHeader(value: string): boolean {
  const match = /^(.+?)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return isHostName(match[1]!);
}
