// The custom domain: a DNS-validated us-east-1 certificate and A/AAAA aliases, or none of it.
import { beforeAll, describe, expect, test } from "vitest";
import {
  CLOUDFRONT_ZONE_ID,
  DISTRIBUTION_DOMAIN,
  HOSTED_ZONE_ID,
  minimalConfig,
  promiseOf,
  runProgram,
  type ProgramRun,
} from "./harness.js";

const CERTIFICATE = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

describe("with domainName", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), domainName: "files.example.com" });
  });

  test("the certificate is requested in us-east-1 and validated through DNS", () => {
    const certificate = run.one(CERTIFICATE).inputs;
    expect(certificate).toMatchObject({ domainName: "files.example.com", validationMethod: "DNS", region: "us-east-1" });
    expect(run.one(VALIDATION).inputs.region).toBe("us-east-1");
  });

  test("the validation record goes into the parent domain's zone and the distribution uses the validated certificate", () => {
    const zoneLookup = run.invocations.find((i) => i.token === "aws:route53/getZone:getZone");
    expect(zoneLookup?.inputs).toMatchObject({ name: "example.com", privateZone: false });
    const validationRecord = run.ofType(RECORD).find((r) => r.inputs.type === "CNAME");
    expect(validationRecord?.inputs).toMatchObject({
      zoneId: HOSTED_ZONE_ID,
      name: "_abc.files.example.com.",
      records: ["_def.acm-validations.aws."],
    });
    expect(run.one(VALIDATION).inputs.validationRecordFqdns).toEqual(["_abc.files.example.com"]);
    const distribution = run.one(DISTRIBUTION).inputs;
    expect(distribution.aliases).toEqual(["files.example.com"]);
    expect(distribution.viewerCertificate).toEqual({
      acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0000-cert",
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
  });

  test("an A alias record points the name at the distribution; no AAAA while IPv6 is off (the default)", () => {
    const aliases = run.ofType(RECORD).filter((r) => r.inputs.aliases !== undefined);
    expect(aliases.map((r) => r.inputs.type).sort()).toEqual(["A"]);
    expect(run.one(DISTRIBUTION).inputs.isIpv6Enabled).toBe(false);
    for (const record of aliases) {
      expect(record.inputs).toMatchObject({ zoneId: HOSTED_ZONE_ID, name: "files.example.com" });
      expect(record.inputs.aliases).toEqual([{ name: DISTRIBUTION_DOMAIN, zoneId: CLOUDFRONT_ZONE_ID, evaluateTargetHealth: false }]);
    }
  });

  test("publicUrl is the custom name", async () => {
    expect(await promiseOf(run.program.publicUrl)).toBe("https://files.example.com");
  });
});

test("with ipv6: the distribution serves IPv6, an AAAA alias too, and the ipv6Enabled output says so", async () => {
  const run = await runProgram({ ...minimalConfig(), domainName: "files.example.com", ipv6: "true" });
  expect(run.one(DISTRIBUTION).inputs.isIpv6Enabled).toBe(true);
  expect(run.ofType(RECORD).filter((r) => r.inputs.aliases !== undefined).map((r) => r.inputs.type).sort()).toEqual(["A", "AAAA"]);
  expect(run.program.ipv6Enabled).toBe(true);
  expect((await runProgram(minimalConfig())).program.ipv6Enabled).toBe(false);
});

test("an explicit hostedZone is the zone looked up", async () => {
  const run = await runProgram({ ...minimalConfig(), domainName: "files.eu.example.com", hostedZone: "example.com" });
  expect(run.invocations.find((i) => i.token === "aws:route53/getZone:getZone")?.inputs.name).toBe("example.com");
});

describe("without domainName", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram(minimalConfig());
  });

  test("there is no certificate and no DNS record", () => {
    expect(run.ofType(CERTIFICATE)).toEqual([]);
    expect(run.ofType(VALIDATION)).toEqual([]);
    expect(run.ofType(RECORD)).toEqual([]);
    expect(run.invocations.map((i) => i.token)).not.toContain("aws:route53/getZone:getZone");
  });

  test("the distribution uses CloudFront's default certificate and no alias", () => {
    const distribution = run.one(DISTRIBUTION).inputs;
    expect(distribution.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
    expect(distribution.aliases ?? []).toEqual([]);
  });

  test("publicUrl is the distribution's own name", async () => {
    expect(await promiseOf(run.program.publicUrl)).toBe(`https://${DISTRIBUTION_DOMAIN}`);
  });
});
