/**
 * The address a request came from: the connection's peer, or, only when a reverse proxy you run
 * is trusted (PORTAL_TRUST_PROXY, EDGE_TRUST_PROXY), the last X-Forwarded-For entry, the one that
 * proxy vouches for. An IPv4-mapped IPv6 peer (::ffff:a.b.c.d) is given as the IPv4 address.
 */
export function requestAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
    const last = header?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return peer?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}
