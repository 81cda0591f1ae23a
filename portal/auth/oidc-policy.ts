import type { Role } from "../../lib/users/roles.js";

/** Who may use the portal through SSO, and with which role. */
export interface OidcAccessPolicy {
  /** e-mail domains allowed in (exact match, lowercase); empty: any domain */
  allowedDomains: string[];
  /** members of any of these groups are admins */
  adminGroups: string[];
  /** members of any of these groups are operators */
  operatorGroups: string[];
}

/** What the portal learnt about the person from the ID token and userinfo. */
export interface OidcIdentity {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  groups: string[];
}

export type OidcDecision = { allowed: true; userName: string; role: Role } | { allowed: false; account: string };

/**
 * Every configured condition must hold: the e-mail domain when domains are configured, a mapped
 * group when groups are configured. Domains alone make everyone in them an operator.
 * A policy with neither allows nobody.
 */
export function decideAccess(identity: OidcIdentity, policy: OidcAccessPolicy): OidcDecision {
  const email = identity.email?.toLowerCase();
  const account = email ?? identity.subject;
  const usesDomains = policy.allowedDomains.length > 0;
  const usesGroups = policy.adminGroups.length + policy.operatorGroups.length > 0;
  if (!usesDomains && !usesGroups) return { allowed: false, account };

  if (usesDomains) {
    const domain = email?.split("@").at(-1);
    const domainOk = domain !== undefined && identity.emailVerified !== false && policy.allowedDomains.includes(domain);
    if (!domainOk) return { allowed: false, account };
  }

  let role: Role | undefined = usesGroups ? undefined : "operator";
  if (identity.groups.some((group) => policy.operatorGroups.includes(group))) role = "operator";
  if (identity.groups.some((group) => policy.adminGroups.includes(group))) role = "admin";
  if (!role) return { allowed: false, account };
  return { allowed: true, userName: account, role };
}
