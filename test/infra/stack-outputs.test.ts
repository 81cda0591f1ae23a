// The stack outputs that lib/config reads from `pulumi stack output --json`.
import { expect, test } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { DISTRIBUTION_DOMAIN, KVS_ARN, REGION, minimalConfig, runProgram } from "./harness.js";

const REQUIRED_OUTPUTS = [
  "bucketName",
  "originPrefix",
  "distributionId",
  "distributionDomainName",
  "publicUrl",
  "keyGroupId",
  "bootstrapPublicKeyId",
  "signingKeySecretName",
  "portalPolicyArn",
  "rotationPolicyArn",
  "region",
  "revocationStoreArn",
] as const;

test("every output lib/config reads is exported with the value it names", async () => {
  const { program } = await runProgram(minimalConfig());
  const values: Record<string, unknown> = {};
  for (const name of REQUIRED_OUTPUTS) {
    values[name] = await new Promise((resolve) => pulumi.output(program[name]).apply(resolve));
  }
  expect(values).toEqual({
    bucketName: "files-0a1b2c3",
    originPrefix: "client_files",
    distributionId: "cdn-id",
    distributionDomainName: DISTRIBUTION_DOMAIN,
    publicUrl: `https://${DISTRIBUTION_DOMAIN}`,
    keyGroupId: "signing-keys-id",
    bootstrapPublicKeyId: "signing-keys-bootstrap-key-id",
    signingKeySecretName: "signed-share/dev/signing-key",
    portalPolicyArn: "arn:aws:iam::123456789012:policy/access-portal",
    rotationPolicyArn: "arn:aws:iam::123456789012:policy/access-rotation",
    region: REGION,
    revocationStoreArn: KVS_ARN,
  });
});
