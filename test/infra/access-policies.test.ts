// IAM: each side gets only the actions it needs, on this stack's resources.
import { beforeAll, describe, expect, test } from "vitest";
import { ROTATION_PREFIX } from "../../infra/bucket-layout.js";
import type { PolicyDocument, PolicyStatement } from "../../infra/policy-documents.js";
import { historyKey, JOURNAL_KEY } from "../../lib/keys/rotation/journal.js";
import { LOCK_KEY } from "../../lib/keys/rotation/lock.js";
import { ACCOUNT_ID, DISTRIBUTION_ARN, KVS_ARN, REGION, minimalConfig, promiseOf, runProgram, type ProgramRun } from "./harness.js";

const BUCKET_ARN = "arn:aws:s3:::files-0a1b2c3";
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:signed-share/dev/signing-key-??????`;
const KMS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const actions = (doc: PolicyDocument) => doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat()).sort();
const grantsOf = (doc: PolicyDocument, action: string): PolicyStatement[] =>
  doc.Statement.filter((s) => s.Effect === "Allow" && [s.Action].flat().includes(action));
const resourcesOf = (doc: PolicyDocument, action: string) => grantsOf(doc, action).flatMap((s) => [s.Resource].flat()).sort();

function policyDocument(run: ProgramRun, name: string): PolicyDocument {
  const policy = run.ofType("aws:iam/policy:Policy").find((p) => p.name === name);
  if (policy === undefined) throw new Error(`no IAM policy ${name}`);
  return JSON.parse(policy.inputs.policy) as PolicyDocument;
}

describe("IAM policies", () => {
  let run: ProgramRun;
  let portal: PolicyDocument;
  let rotation: PolicyDocument;
  beforeAll(async () => {
    run = await runProgram(minimalConfig());
    portal = policyDocument(run, "access-portal");
    rotation = policyDocument(run, "access-rotation");
  });

  test("no policy grants a wildcard action; the only Deny keeps the portal off the rotation's journal and lock", () => {
    for (const doc of [portal, rotation]) for (const action of actions(doc)) expect(action).not.toContain("*");
    expect(rotation.Statement.every((s) => s.Effect === "Allow")).toBe(true);
    expect(portal.Statement.filter((s) => s.Effect === "Deny")).toEqual([
      {
        Sid: "NeverTouchRotationJournalAndLock",
        Effect: "Deny",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${BUCKET_ARN}/portal/rotation/*`,
      },
    ]);
  });

  test("the denied folder is where the rotation keeps its journal, lock and history", () => {
    for (const key of [LOCK_KEY, JOURNAL_KEY, historyKey("r1")]) expect(key.startsWith(`${ROTATION_PREFIX}/`)).toBe(true);
  });

  test("the portal lists exactly: list, read/write/delete objects, list and abort uploads' parts, invalidate, read the signing key and the key group's public keys", () => {
    expect(actions(portal)).toEqual(
      [
        "s3:ListBucket",
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
        "cloudfront:GetKeyGroup",
        "cloudfront:GetPublicKey",
        "cloudfront:CreateInvalidation",
        "secretsmanager:GetSecretValue",
        "cloudfront-keyvaluestore:DescribeKeyValueStore",
        "cloudfront-keyvaluestore:ListKeys",
        "cloudfront-keyvaluestore:UpdateKeys",
      ].sort(),
    );
  });

  test("the portal's objects are client_files/*, portal/* and incoming/* (what file requests receive), and its listing is conditioned on those prefixes", () => {
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListMultipartUploadParts"]) {
      expect([...resourcesOf(portal, action)].sort()).toEqual([`${BUCKET_ARN}/client_files/*`, `${BUCKET_ARN}/incoming/*`, `${BUCKET_ARN}/portal/*`]);
    }
    const [list] = grantsOf(portal, "s3:ListBucket");
    expect(list?.Resource).toBe(BUCKET_ARN);
    expect(list?.Condition).toEqual({ StringLike: { "s3:prefix": ["client_files/*", "portal/*", "incoming/*"] } });
    // The one "*": CloudFront has no IAM resource type for key groups and public keys.
    expect(resourcesOf(portal, "cloudfront:GetKeyGroup")).toEqual(["*"]);
  });

  test("the portal invalidates only this distribution and reads only this stack's secret", () => {
    expect(resourcesOf(portal, "cloudfront:CreateInvalidation")).toEqual([DISTRIBUTION_ARN]);
    expect(resourcesOf(portal, "secretsmanager:GetSecretValue")).toEqual([SECRET_ARN]);
  });

  test("the rotation tool lists exactly the key, key-group, invalidation, secret and journal actions", () => {
    expect(actions(rotation)).toEqual(
      [
        "cloudfront:CreatePublicKey",
        "cloudfront:GetPublicKey",
        "cloudfront:DeletePublicKey",
        "cloudfront:ListPublicKeys",
        "cloudfront:GetKeyGroup",
        "cloudfront:UpdateKeyGroup",
        "cloudfront:CreateInvalidation",
        "cloudfront:GetInvalidation",
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetObject",
        "s3:PutObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "cloudfront-keyvaluestore:DescribeKeyValueStore",
        "cloudfront-keyvaluestore:ListKeys",
        "cloudfront-keyvaluestore:UpdateKeys",
      ].sort(),
    );
  });

  test("the portal and the rotation tool write revoked link ids only to this stack's KeyValueStore", () => {
    for (const doc of [portal, rotation]) {
      for (const action of ["cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:ListKeys", "cloudfront-keyvaluestore:UpdateKeys"]) {
        expect(resourcesOf(doc, action)).toEqual([KVS_ARN]);
      }
    }
  });

  test("the rotation tool's only resource \"*\" is for public keys and key groups, which have no ARN in IAM", () => {
    const star = rotation.Statement.filter((s) => [s.Resource].flat().includes("*"));
    expect(star.flatMap((s) => [s.Action].flat()).every((a) => /^cloudfront:\w+(PublicKey|PublicKeys|KeyGroup)$/.test(a))).toBe(true);
    expect(resourcesOf(rotation, "cloudfront:CreateInvalidation")).toEqual([DISTRIBUTION_ARN]);
    expect(resourcesOf(rotation, "secretsmanager:PutSecretValue")).toEqual([SECRET_ARN]);
  });

  test("the rotation tool writes only portal/* and the probe object (it recreates a missing one), and reads client files only through it", () => {
    expect(resourcesOf(rotation, "s3:PutObject")).toEqual([`${BUCKET_ARN}/client_files/_rotation-probe.txt`, `${BUCKET_ARN}/portal/*`]);
    expect(resourcesOf(rotation, "s3:GetObject")).toEqual([`${BUCKET_ARN}/client_files/_rotation-probe.txt`, `${BUCKET_ARN}/portal/*`]);
    expect(grantsOf(rotation, "s3:ListBucket")[0]?.Condition).toEqual({ StringLike: { "s3:prefix": "portal/*" } });
  });

  test("without SSE-KMS neither side gets KMS permissions", () => {
    expect([...actions(portal), ...actions(rotation)].filter((a) => a.startsWith("kms:"))).toEqual([]);
  });

  test("the policy ARNs and the secret name are stack outputs", async () => {
    expect(await promiseOf(run.program.portalPolicyArn)).toBe(`arn:aws:iam::${ACCOUNT_ID}:policy/access-portal`);
    expect(await promiseOf(run.program.rotationPolicyArn)).toBe(`arn:aws:iam::${ACCOUNT_ID}:policy/access-rotation`);
    expect(run.program.signingKeySecretName).toBe("signed-share/dev/signing-key");
  });
});

test("with SSE-KMS both sides may use the bucket key, only through S3", async () => {
  const run = await runProgram({ ...minimalConfig(), kmsKeyArn: KMS_KEY });
  for (const name of ["access-portal", "access-rotation"]) {
    const [kms] = grantsOf(policyDocument(run, name), "kms:Decrypt");
    expect(kms).toMatchObject({
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: KMS_KEY,
      Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
    });
  }
});

describe("e-mail through Amazon SES (stack setting mailSender)", () => {
  test("without mailSender the portal may not send e-mail at all", async () => {
    const run = await runProgram(minimalConfig());
    expect(actions(policyDocument(run, "access-portal")).filter((a) => a.startsWith("ses:"))).toEqual([]);
    expect("mailSender" in run.program).toBe(false);
  });

  test("with it the portal may send as that address only, through its address or domain identity, and the address is a stack output", async () => {
    const run = await runProgram({ ...minimalConfig(), mailSender: "Shares@Example.com" });
    const portal = policyDocument(run, "access-portal");
    expect(grantsOf(portal, "ses:SendEmail")).toEqual([
      {
        Sid: "SendMailAsTheConfiguredSender",
        Effect: "Allow",
        Action: ["ses:SendEmail", "ses:SendRawEmail"],
        Resource: [`arn:aws:ses:${REGION}:${ACCOUNT_ID}:identity/shares@example.com`, `arn:aws:ses:${REGION}:${ACCOUNT_ID}:identity/example.com`],
        Condition: { StringEquals: { "ses:FromAddress": "shares@example.com" } },
      },
    ]);
    expect(actions(policyDocument(run, "access-rotation")).filter((a) => a.startsWith("ses:"))).toEqual([]);
    expect(run.program.mailSender).toBe("shares@example.com");
  });
});
