// Stack configuration of the portal on Lambda: off by default, and a message naming the key for every bad value.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { InfraConfigError, parseInfraConfig } from "../../infra/config.js";
import { PORTAL_CONFIG_KEYS } from "../../infra/portal-config.js";
import { TEST_PUBLIC_KEY } from "./harness.js";

const key = { signingPublicKey: TEST_PUBLIC_KEY };
const secretOnly = (name: string) => name === "portalOidcClientSecret";

function problemsOf(raw: Record<string, unknown>, isSecret: (key: string) => boolean = secretOnly): string[] {
  try {
    parseInfraConfig(raw, { isSecret });
  } catch (err) {
    if (err instanceof InfraConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("portal settings", () => {
  test("off by default, and Pulumi.yaml's empty defaults keep it off", () => {
    expect(parseInfraConfig(key).portal).toBeUndefined();
    const defaults = Object.fromEntries(PORTAL_CONFIG_KEYS.map((k) => [k, k === "portal" ? "false" : k === "portalLogRetentionDays" ? "30" : ""]));
    expect(parseInfraConfig({ ...key, ...defaults }).portal).toBeUndefined();
  });

  test("portal: true alone gives the execute-api address, 30 days of logs and no SSO", () => {
    expect(parseInfraConfig({ ...key, portal: "true" }).portal).toEqual({ logRetentionDays: 30 });
  });

  test("a host name of its own, with the parent domain as zone, OIDC lists split on commas", () => {
    const config = parseInfraConfig(
      {
        ...key,
        portal: "true",
        portalDomainName: "Share-Admin.Example.com.",
        portalLogRetentionDays: "365",
        portalSenderName: " Example Ltd ",
        portalOidcIssuer: "https://login.example.com",
        portalOidcClientId: "signed-share",
        portalOidcClientSecret: "s3cret",
        portalOidcAllowedDomains: "example.com, example.org",
        portalOidcOperatorGroups: "ops",
      },
      { isSecret: secretOnly },
    );
    expect(config.portal).toEqual({
      domainName: "share-admin.example.com",
      hostedZone: "example.com",
      logRetentionDays: 365,
      senderName: "Example Ltd",
      oidc: {
        issuer: "https://login.example.com",
        clientId: "signed-share",
        clientSecret: "s3cret",
        allowedDomains: ["example.com", "example.org"],
        adminGroups: [],
        operatorGroups: ["ops"],
      },
    });
  });

  test("portal keys without portal: true are refused, not ignored", () => {
    expect(problemsOf({ ...key, portalDomainName: "share-admin.example.com" })).toEqual([
      "signed-share:portalDomainName: is set but portal is not true (set signed-share:portal true to deploy the portal)",
    ]);
  });

  test("the portal never shares the files' host name", () => {
    expect(problemsOf({ ...key, domainName: "files.example.com", portal: "true", portalDomainName: "files.example.com" })).toEqual([
      "signed-share:portalDomainName: must differ from domainName (files.example.com): the portal never shares the files' host",
    ]);
  });

  test("bad values name their key", () => {
    expect(problemsOf({ ...key, portal: "yes" })).toEqual(["signed-share:portal: must be true or false"]);
    expect(problemsOf({ ...key, portal: "true", portalLogRetentionDays: "31" })[0]).toMatch(/^signed-share:portalLogRetentionDays: must be one of 1, 3, 5, 7, 14, 30/);
    expect(problemsOf({ ...key, portal: "true", portalDomainName: "not a host" })[0]).toMatch(/^signed-share:portalDomainName: must be a fully qualified DNS name/);
    expect(problemsOf({ ...key, portal: "true", portalDomainName: "example.com" })).toEqual([
      "signed-share:portalHostedZone: is required when portalDomainName (example.com) is an apex domain",
    ]);
    expect(problemsOf({ ...key, portal: "true", portalDomainName: "share.example.com", portalHostedZone: "other.org" })).toEqual([
      "signed-share:portalHostedZone: must be share.example.com or one of its parent domains",
    ]);
    expect(problemsOf({ ...key, portal: "true", portalOidcIssuer: "http://login.example.com", portalOidcClientId: "x", portalOidcClientSecret: "y" })[0]).toMatch(
      /^signed-share:portalOidcIssuer: must be the https URL/,
    );
  });

  test("OIDC needs issuer, client id and client secret together; its other keys need it", () => {
    expect(problemsOf({ ...key, portal: "true", portalOidcIssuer: "https://login.example.com" })).toEqual([
      "signed-share:portalOidcClientId: is required: set portalOidcIssuer, portalOidcClientId and portalOidcClientSecret together, or none of them",
      "signed-share:portalOidcClientSecret: is required: set portalOidcIssuer, portalOidcClientId and portalOidcClientSecret together, or none of them",
    ]);
    expect(problemsOf({ ...key, portal: "true", portalOidcAdminGroups: "admins" })).toEqual([
      "signed-share:portalOidcAdminGroups: is set but OIDC sign-in is not (portalOidcIssuer, portalOidcClientId, portalOidcClientSecret)",
    ]);
  });

  test("the OIDC client secret must have been set with --secret", () => {
    const raw = { ...key, portal: "true", portalOidcIssuer: "https://login.example.com", portalOidcClientId: "x", portalOidcClientSecret: "plain" };
    expect(problemsOf(raw, () => false)).toEqual([
      "signed-share:portalOidcClientSecret: must be a secret: pulumi config set --secret signed-share:portalOidcClientSecret (and remove the plain value from Pulumi.<stack>.yaml)",
    ]);
  });

  test("every portal key is declared in Pulumi.yaml with a default", () => {
    const project = readFileSync(join(__dirname, "..", "..", "Pulumi.yaml"), "utf8");
    for (const name of PORTAL_CONFIG_KEYS) expect(project, name).toMatch(new RegExp(`^  ${name}:\\n(    .*\\n)*?    default: `, "m"));
  });
});
