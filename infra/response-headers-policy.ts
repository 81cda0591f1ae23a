// A CloudFront response headers policy from one of the edge's header sets (lib/edge/response-headers.ts),
// so CloudFront and the local edge send the same headers.
import type * as aws from "./aws";
import type { EdgeHeaderSet } from "../lib/edge/response-headers";

export function responseHeadersPolicyArgs(set: EdgeHeaderSet, comment: string): aws.cloudfront.ResponseHeadersPolicyArgs {
  return {
    comment,
    securityHeadersConfig: {
      strictTransportSecurity: { accessControlMaxAgeSec: set.hstsMaxAgeSeconds, includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: "no-referrer", override: true },
      frameOptions: { frameOption: "DENY", override: true },
      contentSecurityPolicy: { contentSecurityPolicy: set.contentSecurityPolicy, override: true },
    },
    customHeadersConfig: {
      items: Object.entries(set.headers).map(([header, value]) => ({ header, value, override: true })),
    },
  };
}
