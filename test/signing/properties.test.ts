import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeKeyPath, objectUrl } from "../../lib/signing/object-url.js";
import { signUrl, type HashAlgorithm } from "../../lib/signing/signer.js";
import { verifySignedUrl } from "../../lib/signing/verify.js";
import { ecSigningKey, rsaSigningKey, rsaTestKey, trustedPublicKeys } from "../support/vectors.js";

const base = "https://files.example.com";
const now = new Date("2029-06-01T12:00:00Z");
const context = { trustedKey: (id: string) => trustedPublicKeys.get(id), now, viewerIp: "198.51.100.7" };

/** Object keys as S3 allows them: any Unicode, plus the characters that break naive URL handling. */
const segment = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
  fc.constantFrom("a b", "+", "%", "%20", "#", "?", "&", "=", "'", '"', "ü", "日本語", "<script>", "..", "~", "*"),
  fc.string({ unit: fc.constantFrom("a", " ", "+", "%", "#", "?", "&", "=", "\"", "'"), minLength: 1, maxLength: 8 }),
);
const objectKey = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 800 }))
  .map(([parts, pad]) => [...parts, "x".repeat(pad)].filter(Boolean).join("/"));
/** Whole seconds in the policy's future, up to a year out. */
const expiry = fc.integer({ min: 60, max: 366 * 86400 }).map((s) => new Date(now.getTime() + s * 1000));
/** The URL with its query parameters sorted, so that only their order may differ. */
const sortedParams = (url: string) => {
  const [head, query = ""] = url.split("?");
  return [head, ...query.split("&").sort()];
};
const hash = fc.constantFrom<HashAlgorithm>("SHA1", "SHA256");

describe("signer properties", () => {
  it("matches @aws-sdk/cloudfront-signer for canned RSA policies on any object key without `*`", () => {
    // The AWS signer decodes and re-encodes the path, turning our %2A back into a bare `*`.
    fc.assert(
      fc.property(objectKey.filter((key) => !key.includes("*")), expiry, hash, (key, dateLessThan, hashAlgorithm) => {
        const url = objectUrl(base, key);
        const ours = signUrl(url, rsaSigningKey, { dateLessThan, hashAlgorithm });
        const theirs = getSignedUrl({
          url,
          keyPairId: rsaTestKey.keyPairId,
          privateKey: rsaTestKey.privatePem,
          dateLessThan: dateLessThan.toISOString(),
          algorithm: hashAlgorithm,
        });
        // The AWS signer puts Key-Pair-Id before Signature; the parameter set and Signature must be identical.
        expect(sortedParams(ours)).toEqual(sortedParams(theirs));
      }),
      { numRuns: 200 },
    );
  });

  it("everything it signs verifies at the edge, RSA and ECDSA, canned and custom", () => {
    fc.assert(
      fc.property(objectKey, expiry, hash, fc.boolean(), fc.boolean(), (key, dateLessThan, hashAlgorithm, useEc, wildcard) => {
        const url = objectUrl(base, key);
        const signingKey = useEc ? ecSigningKey : rsaSigningKey;
        const resource = wildcard ? `${url.slice(0, url.lastIndexOf("/"))}/*` : undefined;
        const signed = signUrl(url, signingKey, { dateLessThan, hashAlgorithm, resource });
        expect(verifySignedUrl(signed, context)).toMatchObject({ allow: true, keyPairId: signingKey.keyPairId });
      }),
      { numRuns: 200 },
    );
  });

  it("denies any one-character change to the URL or the signature", () => {
    const alphabet = "abcXYZ019-_~%/?&=.";
    fc.assert(
      fc.property(
        objectKey,
        expiry,
        fc.nat(),
        fc.constantFrom(...alphabet),
        fc.boolean(),
        (key, dateLessThan, at, replacement, useEc) => {
          const signed = signUrl(objectUrl(base, key), useEc ? ecSigningKey : rsaSigningKey, { dateLessThan });
          // Any position after the origin: the path, the query names and values, the signature.
          const position = base.length + (at % (signed.length - base.length));
          fc.pre(signed[position] !== replacement);
          const tampered = signed.slice(0, position) + replacement + signed.slice(position + 1);
          expect(verifySignedUrl(tampered, context).allow).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("object URLs", () => {
  it("encodes any key exactly as encodeURIComponent per segment does, `*` as %2A (the fast path for plain keys included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ09-_.!~'()/*é %#+&?😀"), maxLength: 30 }), (key) => {
        expect(encodeKeyPath(key)).toBe(key.split("/").map(encodeURIComponent).join("/").replaceAll("*", "%2A"));
      }),
      { numRuns: 2000 },
    );
  });

  it("percent-encodes `*` so that a file name can never act as a policy wildcard", () => {
    expect(objectUrl(base, "acme/report*.pdf")).toBe(`${base}/acme/report%2A.pdf`);
  });
  it("encodes each segment and keeps the slashes", () => {
    expect(objectUrl(base, "globex/Q1 report (final)/ü #1?.pdf")).toBe(`${base}/globex/Q1%20report%20(final)/%C3%BC%20%231%3F.pdf`);
  });
});

describe("signature encoding", () => {
  it("denies a signature whose padding was altered even though a lenient decoder would accept it", () => {
    const signed = signUrl(`${base}/acme-corp/a.txt`, rsaSigningKey, { dateLessThan: new Date("2030-01-01T00:00:00Z") });
    const tampered = signed.replace(/__&Key-Pair-Id/, "_~&Key-Pair-Id");
    expect(tampered).not.toBe(signed);
    expect(verifySignedUrl(tampered, context)).toMatchObject({ allow: false, reason: "bad-signature" });
  });
});
