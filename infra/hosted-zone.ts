// One rule for the Route 53 zone of a host name the stack serves (the files' domainName and the portal's
// portalDomainName). Pure, like config.ts.
import { getDomain } from "tldts";

export interface ZoneProblem {
  /** Which of the two settings the message is about. */
  setting: "domain" | "zone";
  message: string;
}

/**
 * The zone `domain` lives in: `zone` when given (it must be the domain or one of its parents), else the
 * parent domain (files.example.co.uk → example.co.uk). The public-suffix list decides what an apex is
 * (example.co.uk is one, though it has three labels): an apex needs its zone named, and a public suffix
 * is no name anyone owns. Names are lower-case without the final dot.
 */
export function hostedZoneFor(domain: string, zone: string | undefined, domainSetting: string): { zone?: string; problems: ZoneProblem[] } {
  const registrable = getDomain(domain);
  if (registrable === null) return { problems: [{ setting: "domain", message: `${domain} is a public suffix, not a name you can own` }] };
  if (zone !== undefined) {
    if (domain !== zone && !domain.endsWith(`.${zone}`)) return { problems: [{ setting: "zone", message: `must be ${domain} or one of its parent domains` }] };
    return { zone, problems: [] };
  }
  if (registrable === domain) return { problems: [{ setting: "zone", message: `is required when ${domainSetting} (${domain}) is an apex domain` }] };
  return { zone: domain.split(".").slice(1).join("."), problems: [] };
}
