// Stack configuration: defaults, derived values, and a message naming the key for every bad value.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { InfraConfigError, parseInfraConfig } from "../../infra/config.js";
import { TEST_PUBLIC_KEY, importProgram } from "./harness.js";

const key = { signingPublicKey: TEST_PUBLIC_KEY };

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseInfraConfig(raw);
  } catch (err) {
    if (err instanceof InfraConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("defaults", () => {
  test("only signingPublicKey is required; the rest has the documented defaults", () => {
    expect(parseInfraConfig(key)).toEqual({
      signingPublicKey: TEST_PUBLIC_KEY,
      originPrefix: "client_files",
      priceClass: "PriceClass_100",
      logging: false,
      activityLogs: false,
      activityRetentionDays: 90,
      geoAllowlist: [],
      forceDestroy: false,
      ipv6: false,
      malwareScanning: false,
      domainName: undefined,
      hostedZone: undefined,
      kmsKeyArn: undefined,
      webAclArn: undefined,
      portalPrincipals: [],
      rotationPrincipals: [],
    });
  });

  test("empty strings (Pulumi.yaml defaults) mean not set", () => {
    const c = parseInfraConfig({ ...key, domainName: "", hostedZone: "", kmsKeyArn: "", webAclArn: "", originPrefix: "" });
    expect([c.domainName, c.hostedZone, c.kmsKeyArn, c.webAclArn, c.originPrefix]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      "client_files",
    ]);
  });

  test("hostedZone defaults to the parent domain of domainName", () => {
    expect(parseInfraConfig({ ...key, domainName: "Files.Example.com." }).hostedZone).toBe("example.com");
  });

  test("geoAllowlist accepts the YAML list (JSON) and a comma-separated string", () => {
    expect(parseInfraConfig({ ...key, geoAllowlist: '["FR","DE"]' }).geoAllowlist).toEqual(["DE", "FR"]);
    expect(parseInfraConfig({ ...key, geoAllowlist: "DE, AT" }).geoAllowlist).toEqual(["AT", "DE"]);
  });

  test("an RSA-2048 public key is accepted as well as P-256", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(parseInfraConfig({ signingPublicKey: rsa }).signingPublicKey).toBe(rsa);
  });
});

describe("bad config fails with a message naming the key", () => {
  test.each([
    ["missing signing key", {}, "signed-share:signingPublicKey: is required"],
    ["private key pasted", { signingPublicKey: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----" }, "signed-share:signingPublicKey: holds a PRIVATE key"],
    ["not PEM", { signingPublicKey: "ssh-rsa AAAA" }, "signed-share:signingPublicKey: must be a PEM public key"],
    ["RSA-1024", { signingPublicKey: generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString() }, "signed-share:signingPublicKey: must be an RSA-2048 or ECDSA P-256 key"],
    ["price class", { ...key, priceClass: "PriceClass_50" }, "signed-share:priceClass: must be PriceClass_100, PriceClass_200 or PriceClass_All"],
    ["origin prefix with slash", { ...key, originPrefix: "client/files" }, "signed-share:originPrefix: must be one folder name"],
    ["origin prefix portal", { ...key, originPrefix: "portal" }, "signed-share:originPrefix: must not be `portal`"],
    ["domain name", { ...key, domainName: "not a domain" }, "signed-share:domainName: must be a fully qualified DNS name"],
    ["apex domain without zone", { ...key, domainName: "example.com" }, "signed-share:hostedZone: is required when domainName"],
    ["zone not a parent", { ...key, domainName: "files.example.com", hostedZone: "example.org" }, "signed-share:hostedZone: must be files.example.com or one of its parent domains"],
    ["zone without domain", { ...key, hostedZone: "example.com" }, "signed-share:hostedZone: is set but domainName is not"],
    ["kms alias", { ...key, kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:alias/files" }, "signed-share:kmsKeyArn: must be a KMS key ARN"],
    ["regional web ACL", { ...key, webAclArn: "arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/x/y" }, "signed-share:webAclArn: must be a WAFv2 web ACL ARN with scope CLOUDFRONT"],
    ["lower-case country", { ...key, geoAllowlist: '["de"]' }, "signed-share:geoAllowlist: must list ISO 3166-1 alpha-2 country codes"],
    ["boolean", { ...key, forceDestroy: "yes" }, "signed-share:forceDestroy: must be true or false"],
    ["logging boolean", { ...key, logging: "on" }, "signed-share:logging: must be true or false"],
    ["long support contact", { ...key, supportContact: "x".repeat(301) }, "signed-share:supportContact: must be at most 300 characters"],
    ["long organisation name", { ...key, organisationName: "x".repeat(101) }, "signed-share:organisationName: must be at most 100 characters"],
    ["organisation name with a control character", { ...key, organisationName: "Acme\u0007" }, "signed-share:organisationName: must be plain text"],
    ["typo in a key", { ...key, domianName: "files.example.com" }, "signed-share:domianName: is not a setting of this program"],
    ["UK is not ISO", { ...key, geoAllowlist: '["DE", "UK"]' }, "signed-share:geoAllowlist: UK is not an ISO 3166-1 alpha-2 country code: did you mean GB (United Kingdom)?"],
    ["unassigned code", { ...key, geoAllowlist: "DE,ZZ" }, "signed-share:geoAllowlist: ZZ is not an ISO 3166-1 alpha-2 country code"],
    ["apex under a two-label suffix", { ...key, domainName: "example.co.uk" }, "signed-share:hostedZone: is required when domainName (example.co.uk) is an apex domain"],
    ["a public suffix itself", { ...key, domainName: "co.uk", hostedZone: "co.uk" }, "signed-share:domainName: co.uk is a public suffix"],
  ])("%s", (_label, raw, message) => {
    expect(problemsOf(raw).join("\n")).toContain(message);
  });

  test("kmsKeyArn must be a key of the stack's region (aws:region)", () => {
    const kms = { ...key, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
    expect(() => parseInfraConfig(kms, { region: "eu-central-1" })).toThrow(
      "signed-share:kmsKeyArn: is a key in eu-west-1 but the stack deploys to eu-central-1 (aws:region)",
    );
    expect(parseInfraConfig(kms, { region: "eu-west-1" }).kmsKeyArn).toBe(kms.kmsKeyArn);
  });

  test("a subdomain under a two-label public suffix defaults to its registrable zone", () => {
    expect(parseInfraConfig({ ...key, domainName: "files.example.co.uk" }).hostedZone).toBe("example.co.uk");
    expect(parseInfraConfig({ ...key, domainName: "example.co.uk", hostedZone: "example.co.uk" }).hostedZone).toBe("example.co.uk");
  });

  test("every bad key is reported at once", () => {
    expect(problemsOf({ ...key, priceClass: "x", forceDestroy: "x" })).toHaveLength(2);
  });

  test("`pulumi up` with bad config rejects before creating anything, naming the key", async () => {
    await expect(importProgram({ ...key, priceClass: "PriceClass_50" })).rejects.toThrow(/signed-share:priceClass: must be/);
  });
});

test("mailSender: one e-mail address, lower-cased; anything else names the key", () => {
  expect(parseInfraConfig({ ...key, mailSender: " Shares@Example.COM " }).mailSender).toBe("shares@example.com");
  expect(parseInfraConfig({ ...key, mailSender: "" }).mailSender).toBeUndefined();
  expect(() => parseInfraConfig({ ...key, mailSender: "Shares <shares@example.com>" })).toThrow(/signed-share:mailSender: must be one e-mail address/);
});

describe("lifecycle settings (docs/deploy.md)", () => {
  test("legacyLinksUntil: an ISO 8601 instant with its zone; anything else names the key and the command that prints the value", () => {
    expect(parseInfraConfig({ ...key, legacyLinksUntil: "2026-03-31T23:59:59Z" }).legacyLinksUntil).toEqual(new Date("2026-03-31T23:59:59Z"));
    expect(parseInfraConfig({ ...key, legacyLinksUntil: "2026-04-01T01:59:59.5+02:00" }).legacyLinksUntil).toEqual(new Date("2026-03-31T23:59:59.500Z"));
    expect(parseInfraConfig({ ...key, legacyLinksUntil: "" }).legacyLinksUntil).toBeUndefined();
    for (const bad of ["2026-03-31", "2026-03-31T23:59:59", "tomorrow", "1774999999", "2026-02-30T00:00:00Z"]) {
      expect(problemsOf({ ...key, legacyLinksUntil: bad }).join("\n"), bad).toContain("signed-share:legacyLinksUntil: must be an ISO 8601 instant with its zone");
    }
    expect(problemsOf({ ...key, legacyLinksUntil: "soon" }).join("\n")).toContain("signed-share links legacy");
  });

  test("portalPrincipals and rotationPrincipals: role, user and group ARNs (paths allowed), as a YAML list or comma-separated", () => {
    const c = parseInfraConfig({
      ...key,
      portalPrincipals: '["arn:aws:iam::123456789012:role/service/share-portal", "arn:aws:iam::123456789012:user/ci"]',
      rotationPrincipals: "arn:aws:iam::123456789012:group/ops, arn:aws:iam::123456789012:group/ops",
    });
    expect(c.portalPrincipals).toEqual([
      { arn: "arn:aws:iam::123456789012:role/service/share-portal", kind: "role", name: "share-portal" },
      { arn: "arn:aws:iam::123456789012:user/ci", kind: "user", name: "ci" },
    ]);
    expect(c.rotationPrincipals).toEqual([{ arn: "arn:aws:iam::123456789012:group/ops", kind: "group", name: "ops" }]);
  });

  test.each([
    ["a bare name", "share-portal"],
    ["a policy", "arn:aws:iam::123456789012:policy/x"],
    ["an instance profile", "arn:aws:iam::123456789012:instance-profile/x"],
    ["a wildcard", "arn:aws:iam::123456789012:role/*"],
    ["an assumed-role session", "arn:aws:sts::123456789012:assumed-role/x/session"],
  ])("a principal that is %s is refused, naming the key", (_label, arn) => {
    expect(problemsOf({ ...key, rotationPrincipals: arn }).join("\n")).toContain(`signed-share:rotationPrincipals: ${arn} is not the ARN of an IAM role, user or group`);
  });

  test("legacy logging is refused in opt-in regions, where CloudFront does not deliver it; activity logs are not", () => {
    for (const region of ["af-south-1", "eu-south-2", "ap-southeast-4", "il-central-1", "mx-central-1"]) {
      expect(() => parseInfraConfig({ ...key, logging: "true" }, { region }), region).toThrow(`signed-share:logging: CloudFront's legacy access logs cannot be delivered to a bucket in ${region}`);
      expect(parseInfraConfig({ ...key, activityLogs: "true" }, { region }).activityLogs).toBe(true);
    }
    for (const region of ["eu-central-1", "us-east-1", "ap-south-1", "sa-east-1"]) expect(parseInfraConfig({ ...key, logging: "true" }, { region }).logging).toBe(true);
  });
});
