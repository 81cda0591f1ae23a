import { verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromCloudFrontBase64 } from "../../lib/signing/cloudfront-base64.js";
import { policyJson } from "../../lib/signing/policy.js";
import { signPolicy, signUrl } from "../../lib/signing/signer.js";
import { verifySignedUrl, type DenyReason } from "../../lib/signing/verify.js";
import { ecSigningKey, rsaSigningKey, signVectors, trustedPublicKeys, verifyVectors } from "../support/vectors.js";

const date = (text: string | null | undefined) => (text ? new Date(text) : undefined);

/** The vectors say why in words; these are the categories our verifier reports. */
const reasonCategory: Record<string, DenyReason> = {
  expired: "expired",
  "key pair id not in the trusted key group": "untrusted-key",
  "bad signature": "bad-signature",
  "missing signing parameters": "missing-parameters",
  "request URL outside the policy Resource": "resource-mismatch",
  "viewer IP outside the CIDR": "ip-outside-range",
  "before DateGreaterThan": "not-yet-valid",
};

describe("botocore sign vectors", () => {
  for (const v of signVectors) {
    const key = v.key === "rsa" ? rsaSigningKey : ecSigningKey;
    const options = {
      dateLessThan: new Date(v.dateLessThan),
      dateGreaterThan: date(v.dateGreaterThan),
      ipAddress: v.ipAddress ?? undefined,
      resource: v.resource,
      hashAlgorithm: v.hashAlgorithm,
    };

    if (v.policy === "canned") {
      it(`reproduces ${v.name} byte for byte`, () => {
        expect(signUrl(v.url, key, options)).toBe(v.expectedSignedUrl);
      });
    } else {
      it(`writes the policy bytes of ${v.name}`, () => {
        expect(policyJson({ ...options, resource: v.resource ?? v.url })).toBe(v.expectedPolicyJson);
      });
      it(`signs the policy of ${v.name} with botocore's signature`, () => {
        expect(signPolicy(v.expectedPolicyJson, key.privateKey, v.hashAlgorithm)).toBe(v.expectedSignature);
      });
      it(`signs ${v.name} into botocore's URL`, () => {
        expect(signUrl(v.url, key, options)).toBe(v.expectedSignedUrl);
      });
      it(`our policy for ${v.name} verifies with the public key`, () => {
        const url = new URL(signUrl(v.url, key, options));
        const policy = fromCloudFrontBase64(url.searchParams.get("Policy")!)!;
        const signature = fromCloudFrontBase64(url.searchParams.get("Signature")!)!;
        expect(verify("sha1", policy, trustedPublicKeys.get(key.keyPairId)!, signature)).toBe(true);
      });
    }
  }
});

describe("botocore verify vectors", () => {
  for (const v of verifyVectors) {
    it(`${v.expect}s ${v.name} (${v.reason})`, () => {
      const verdict = verifySignedUrl(v.requestUrl, {
        trustedKey: (id) => (v.trustedKeyPairIds.includes(id) ? trustedPublicKeys.get(id) : undefined),
        now: new Date(v.now),
        viewerIp: v.viewerIp,
      });
      if (v.expect === "allow") {
        expect(verdict).toMatchObject({ allow: true });
      } else {
        expect(reasonCategory[v.reason], `unmapped vector reason "${v.reason}"`).toBeDefined();
        expect(verdict).toMatchObject({ allow: false, reason: reasonCategory[v.reason] });
      }
    });
  }
});
