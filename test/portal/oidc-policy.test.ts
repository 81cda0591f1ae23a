import { describe, expect, it } from "vitest";
import { decideAccess, type OidcAccessPolicy } from "../../portal/auth/oidc-policy.js";

const person = (email: string | undefined, groups: string[] = [], emailVerified?: boolean) => ({
  subject: "sub-1",
  email,
  emailVerified,
  groups,
});
const policy = (p: Partial<OidcAccessPolicy>): OidcAccessPolicy => ({
  allowedDomains: [],
  adminGroups: [],
  operatorGroups: [],
  ...p,
});

describe("decideAccess", () => {
  it("makes everyone in an allowed domain an operator when no groups are configured", () => {
    expect(decideAccess(person("Ann@Example.com"), policy({ allowedDomains: ["example.com"] }))).toEqual({
      allowed: true,
      userName: "ann@example.com",
      role: "operator",
    });
  });

  it("refuses other domains, look-alike subdomains and unverified addresses", () => {
    const domains = policy({ allowedDomains: ["example.com"] });
    expect(decideAccess(person("eve@evil.com"), domains)).toEqual({ allowed: false, account: "eve@evil.com" });
    expect(decideAccess(person("eve@example.com.evil.com"), domains).allowed).toBe(false);
    expect(decideAccess(person("eve@example.com", [], false), domains).allowed).toBe(false);
    expect(decideAccess(person(undefined), domains)).toEqual({ allowed: false, account: "sub-1" });
  });

  it("maps groups to roles, admin winning over operator", () => {
    const groups = policy({ adminGroups: ["share-admins"], operatorGroups: ["ops"] });
    expect(decideAccess(person("a@x.org", ["ops"]), groups)).toMatchObject({ allowed: true, role: "operator" });
    expect(decideAccess(person("a@x.org", ["ops", "share-admins"]), groups)).toMatchObject({ allowed: true, role: "admin" });
    expect(decideAccess(person("a@x.org", ["sales"]), groups).allowed).toBe(false);
  });

  it("needs both the domain and a group when both are configured", () => {
    const both = policy({ allowedDomains: ["example.com"], operatorGroups: ["ops"] });
    expect(decideAccess(person("a@example.com", ["ops"]), both)).toMatchObject({ allowed: true, role: "operator" });
    expect(decideAccess(person("a@example.com", []), both).allowed).toBe(false);
    expect(decideAccess(person("a@other.com", ["ops"]), both).allowed).toBe(false);
  });

  it("allows nobody when nothing is configured", () => {
    expect(decideAccess(person("a@example.com", ["ops"]), policy({})).allowed).toBe(false);
  });
});
