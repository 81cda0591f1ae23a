import { parseIpv4Range } from "../signing/cidr.js";
import { InvalidRequestError } from "../errors.js";
import { formatDuration } from "../format.js";

export const DEFAULT_MAX_EXPIRY_MS = 366 * 86_400_000;

/** When and from where the links of one publication work. */
export interface LinkTerms {
  expiresAt: Date;
  notBefore?: Date;
  /** IPv4 address or CIDR range. */
  ipRange?: string;
}

/** Why an IP range is refused on a distribution that serves IPv6. */
export const IPV6_IP_RANGE_REFUSAL =
  "IP-restricted links are refused on this stack: its distribution serves IPv6 (stack setting signed-share:ipv6), and CloudFront would compare an IPv6 viewer's address with the IPv4 range, so the link would fail for some viewers (AWS advises against IPv6 for signed URLs with IP conditions). Issue the link without an IP range, or set signed-share:ipv6 to false and run pulumi up";

/**
 * Checks the terms against the clock and the configured maximum; returns them with the IP range in
 * canonical CIDR form. Throws InvalidRequestError naming what to change.
 */
export function validateTerms(terms: LinkTerms, now: Date, maxExpiryMs: number, edge: { ipv6Enabled?: boolean } = {}): LinkTerms {
  const { expiresAt, notBefore, ipRange } = terms;
  if (!Number.isFinite(expiresAt.getTime())) throw new InvalidRequestError("the expiry is not a valid date", { field: "expires" });
  if (expiresAt <= now) throw new InvalidRequestError(`the expiry ${expiresAt.toISOString()} is not in the future: the links would never work`, { field: "expires" });
  if (expiresAt.getTime() - now.getTime() > maxExpiryMs) {
    throw new InvalidRequestError(
      `the expiry ${expiresAt.toISOString()} is more than the maximum of ${formatDuration(maxExpiryMs)} from now (SHARE_MAX_EXPIRY): choose an earlier one`,
      { field: "expires" },
    );
  }
  const checked: LinkTerms = { expiresAt };
  if (notBefore !== undefined) {
    if (!Number.isFinite(notBefore.getTime())) throw new InvalidRequestError("the start time is not a valid date", { field: "notBefore" });
    if (notBefore >= expiresAt) throw new InvalidRequestError(`the start time ${notBefore.toISOString()} must be before the expiry ${expiresAt.toISOString()}`, { field: "notBefore" });
    checked.notBefore = notBefore;
  }
  if (ipRange !== undefined) {
    if (edge.ipv6Enabled) throw new InvalidRequestError(IPV6_IP_RANGE_REFUSAL, { field: "ip" });
    try {
      checked.ipRange = parseIpv4Range(ipRange).text;
    } catch (error) {
      throw new InvalidRequestError(`IP range: ${(error as Error).message}`, { field: "ip" });
    }
  }
  return checked;
}
