/** An IPv4 range in CIDR notation, as CloudFront's `AWS:SourceIp` condition takes it. */
export interface Ipv4Range {
  network: number;
  prefixLength: number;
  /** Canonical text, e.g. "192.0.2.0/24"; a bare address becomes "/32". */
  text: string;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Parses "a.b.c.d/n" or "a.b.c.d"; throws an Error that says what is wrong. */
export function parseIpv4Range(text: string): Ipv4Range {
  const [address = "", prefix, ...rest] = text.trim().split("/");
  const ip = parseIpv4(address);
  if (ip === undefined || rest.length > 0) throw new Error(`"${text}" is not an IPv4 address or CIDR range (like 192.0.2.0/24)`);
  const prefixLength = prefix === undefined ? 32 : /^\d{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= 32)) throw new Error(`"${text}": the prefix length must be 0 to 32`);
  return { network: ip, prefixLength, text: `${address}/${prefixLength}` };
}

export function ipv4InRange(ip: string, range: Ipv4Range): boolean {
  const value = parseIpv4(ip.startsWith("::ffff:") ? ip.slice(7) : ip);
  if (value === undefined) return false;
  if (range.prefixLength === 0) return true;
  const shift = 32 - range.prefixLength;
  return Math.floor(value / 2 ** shift) === Math.floor(range.network / 2 ** shift);
}
