import { describe, expect, it } from "vitest";
import { load, refusal } from "./helpers.js";

const OIDC = {
  OIDC_ISSUER: "https://login.example.com",
  OIDC_CLIENT_ID: "signed-share",
  OIDC_CLIENT_SECRET: "client-secret-value",
  PORTAL_URL: "https://share.example.com",
};

describe("portal settings", () => {
  it("reads ports, URL, session secret and admin password", () => {
    const secret = "s".repeat(32);
    expect(
      load({ PORT: "8080", EDGE_PORT: "8081", PORTAL_URL: "https://share.example.com/", PORTAL_SESSION_SECRET: secret, PORTAL_ADMIN_PASSWORD: "pw" })
        .portal,
    ).toEqual({ port: 8080, host: "127.0.0.1", edgePort: 8081, url: "https://share.example.com", sessionSecret: secret, adminPassword: "pw", trustProxy: false, edgeTrustProxy: false, requireTwoFactor: "off", auditAddress: "full" });
  });

  it("reads PORTAL_REQUIRE_2FA and PORTAL_AUDIT_ADDRESS, and refuses other values", () => {
    expect(load({ PORTAL_REQUIRE_2FA: "admin", PORTAL_AUDIT_ADDRESS: "truncated" }).portal).toMatchObject({ requireTwoFactor: "admin", auditAddress: "truncated" });
    expect(refusal({ PORTAL_REQUIRE_2FA: "yes" })).toContain("PORTAL_REQUIRE_2FA must be off, admin or all");
    expect(refusal({ PORTAL_AUDIT_ADDRESS: "some" })).toContain("PORTAL_AUDIT_ADDRESS must be full, truncated or none");
  });

  it("reads the proxy trust and the sender name", () => {
    expect(load({ PORTAL_TRUST_PROXY: "true", PORTAL_SENDER_NAME: "Example Ltd" }).portal).toMatchObject({ trustProxy: true, senderName: "Example Ltd" });
  });

  it("refuses a PORTAL_TRUST_PROXY that is not true or false", () => {
    expect(refusal({ PORTAL_TRUST_PROXY: "yes" })).toContain("PORTAL_TRUST_PROXY must be true or false");
  });

  it("refuses a PORTAL_SESSION_SECRET shorter than 32 characters without echoing it", () => {
    const message = refusal({ PORTAL_SESSION_SECRET: "short-secret" });
    expect(message).toContain("PORTAL_SESSION_SECRET must be at least 32 characters");
    expect(message).not.toContain("short-secret");
  });

  it("refuses a PORTAL_URL that is plain http on a public host", () => {
    expect(refusal({ PORTAL_URL: "http://share.example.com" })).toContain("PORTAL_URL must be an https URL");
  });
});

describe("OIDC settings", () => {
  it("builds the OIDC section with defaults for the groups claim and empty lists", () => {
    expect(load(OIDC).portal.oidc).toEqual({
      issuer: "https://login.example.com",
      clientId: "signed-share",
      clientSecret: "client-secret-value",
      allowedDomains: [],
      groupsClaim: "groups",
      adminGroups: [],
      operatorGroups: [],
      scopes: "openid email profile",
    });
  });

  it("passes the scopes and the contact for refused people", () => {
    expect(load({ ...OIDC, OIDC_SCOPES: "openid email groups", OIDC_CONTACT: "the ops lead" }).portal.oidc).toMatchObject({
      scopes: "openid email groups",
      contact: "the ops lead",
    });
  });

  it("splits and trims the comma lists, lower-casing domains", () => {
    const oidc = load({
      ...OIDC,
      OIDC_ALLOWED_DOMAINS: "Example.com, example.org,",
      OIDC_ADMIN_GROUPS: "ops-admins",
      OIDC_OPERATOR_GROUPS: "ops, support ",
      OIDC_GROUPS_CLAIM: "roles",
    }).portal.oidc;
    expect(oidc).toMatchObject({
      allowedDomains: ["example.com", "example.org"],
      adminGroups: ["ops-admins"],
      operatorGroups: ["ops", "support"],
      groupsClaim: "roles",
    });
  });

  it("leaves OIDC off when none of its settings is given", () => {
    expect(load({}).portal.oidc).toBeUndefined();
  });

  it("accepts an http issuer on loopback (a test provider)", () => {
    expect(load({ ...OIDC, OIDC_ISSUER: "http://127.0.0.1:4000" }).portal.oidc?.issuer).toBe("http://127.0.0.1:4000");
  });

  it("refuses when only some of issuer, client id and secret are set", () => {
    expect(refusal({ OIDC_ISSUER: OIDC.OIDC_ISSUER, PORTAL_URL: OIDC.PORTAL_URL })).toContain(
      "OIDC_CLIENT_ID is required: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them",
    );
  });

  it("refuses when OIDC is configured without PORTAL_URL", () => {
    const { PORTAL_URL: _omitted, ...withoutUrl } = OIDC;
    expect(refusal(withoutUrl)).toContain("PORTAL_URL is required with OIDC sign-in");
  });

  it("refuses an OIDC_ALLOWED_DOMAINS entry that is not a domain", () => {
    expect(refusal({ ...OIDC, OIDC_ALLOWED_DOMAINS: "example.com,@bad" })).toContain(
      "OIDC_ALLOWED_DOMAINS must be a comma-separated list of e-mail domains",
    );
  });

  it("does not echo OIDC_CLIENT_SECRET in any message", () => {
    expect(refusal({ OIDC_CLIENT_SECRET: "very-secret-value" })).not.toContain("very-secret-value");
  });
});
