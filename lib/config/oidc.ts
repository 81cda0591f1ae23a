// Single sign-on for the portal (docs/portal.md): the OpenID provider and who may sign in as what.
import { z } from "zod";
import { commaList, got, webUrl, type Problem, type SettingsOf } from "./shared.js";

export const oidcSettings = {
  OIDC_ISSUER: webUrl("https://login.example.com").optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_ALLOWED_DOMAINS: commaList
    .refine((domains) => domains.every((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d)), {
      error: (issue) => `must be a comma-separated list of e-mail domains like example.com,example.org${got(issue.input)}`,
    })
    .transform((domains) => domains.map((d) => d.toLowerCase()))
    .default([]),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  OIDC_ADMIN_GROUPS: commaList.default([]),
  OIDC_OPERATOR_GROUPS: commaList.default([]),
  OIDC_SCOPES: z.string().default("openid email profile"),
  OIDC_CONTACT: z.string().optional(),
};

/** The OIDC settings, and the portal's address (the redirect URI needs it). */
type OidcSettings = SettingsOf<typeof oidcSettings> & { PORTAL_URL?: string | undefined };

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  groupsClaim: string;
  adminGroups: string[];
  operatorGroups: string[];
  scopes: string;
  /** Who refused people should ask (shown on the refusal page). */
  contact?: string;
}

export function checkOidcSettings(s: OidcSettings, problem: Problem): void {
  const oidc = [s.OIDC_ISSUER, s.OIDC_CLIENT_ID, s.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    const missing = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter((k) => !s[k]);
    problem(missing[0] ?? "OIDC_ISSUER", "is required: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them");
  }
  if (oidc.every(Boolean) && !s.PORTAL_URL) {
    problem("PORTAL_URL", "is required with OIDC sign-in: the portal's external URL, used for the redirect URI");
  }
}

/** Undefined unless issuer, client id and secret are all set. */
export function oidcConfig(s: OidcSettings): OidcConfig | undefined {
  if (!s.OIDC_ISSUER || !s.OIDC_CLIENT_ID || !s.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: s.OIDC_ISSUER,
    clientId: s.OIDC_CLIENT_ID,
    clientSecret: s.OIDC_CLIENT_SECRET,
    allowedDomains: s.OIDC_ALLOWED_DOMAINS,
    groupsClaim: s.OIDC_GROUPS_CLAIM,
    adminGroups: s.OIDC_ADMIN_GROUPS,
    operatorGroups: s.OIDC_OPERATOR_GROUPS,
    scopes: s.OIDC_SCOPES,
    ...(s.OIDC_CONTACT ? { contact: s.OIDC_CONTACT } : {}),
  };
}
