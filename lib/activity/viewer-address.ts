import { isIP } from "node:net";

/**
 * What the product keeps and shows of a viewer's address (SHARE_VIEWER_ADDRESS, docs/activity.md):
 * the whole address, the network only (IPv4 /24, IPv6 /48: the default), or nothing.
 */
export const VIEWER_ADDRESS_RULES = ["full", "truncated", "none"] as const;
export type ViewerAddressRule = (typeof VIEWER_ADDRESS_RULES)[number];

/** The address as the rule allows it to be kept: "203.0.113.0/24", "2001:db8:1::/48", the address itself, or null. */
export function keptViewerAddress(address: string | undefined, rule: ViewerAddressRule): string | null {
  if (rule === "none" || !address) return null;
  const bare = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const family = isIP(bare);
  if (family === 0) return null;
  if (rule === "full") return bare;
  if (family === 4) return `${bare.split(".").slice(0, 3).join(".")}.0/24`;
  return `${ipv6Groups(bare).slice(0, 3).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/48`;
}

/** The eight 16-bit groups of an IPv6 address ("::" expanded; an embedded IPv4 tail converted). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right];
}
