import { sign, type KeyObject } from "node:crypto";
import { toCloudFrontBase64 } from "./cloudfront-base64.js";
import { cannedPolicyJson, epochSeconds, needsCustomPolicy, policyJson, type PolicyConditions } from "./policy.js";

export type HashAlgorithm = "SHA1" | "SHA256";

/** A parsed private key and the CloudFront public key id it belongs to. */
export interface SigningKey {
  keyPairId: string;
  privateKey: KeyObject;
}

export interface SignOptions {
  dateLessThan: Date;
  dateGreaterThan?: Date;
  /** IPv4 address or CIDR range the viewer must come from. */
  ipAddress?: string;
  /** Policy resource when it differs from the URL (a wildcard such as https://host/client/*). */
  resource?: string;
  hashAlgorithm?: HashAlgorithm;
}

const digestName = { SHA1: "sha1", SHA256: "sha256" } as const;

/** Signs policy bytes the way CloudFront verifies them: RSA PKCS#1 v1.5 or DER ECDSA over SHA-1/SHA-256. */
export function signPolicy(policy: string, key: KeyObject, hashAlgorithm: HashAlgorithm = "SHA1"): string {
  return toCloudFrontBase64(sign(digestName[hashAlgorithm], Buffer.from(policy, "utf8"), key));
}

/**
 * The signing query parameters for a URL (without leading `?`): `Expires` for a canned policy,
 * `Policy` for a custom one, then `Signature`, `Key-Pair-Id` and, for SHA-256, `Hash-Algorithm`.
 * The values are CloudFront base64 and need no further escaping.
 */
export function signingQuery(url: string, key: SigningKey, options: SignOptions): string {
  const hash = options.hashAlgorithm ?? "SHA1";
  const conditions: PolicyConditions = {
    resource: options.resource ?? url,
    dateLessThan: options.dateLessThan,
    dateGreaterThan: options.dateGreaterThan,
    ipAddress: options.ipAddress,
  };
  let head: string;
  let signature: string;
  if (needsCustomPolicy(conditions, url)) {
    const policy = policyJson(conditions);
    head = `Policy=${toCloudFrontBase64(Buffer.from(policy, "utf8"))}`;
    signature = signPolicy(policy, key.privateKey, hash);
  } else {
    const expires = epochSeconds(options.dateLessThan);
    head = `Expires=${expires}`;
    signature = signPolicy(cannedPolicyJson(url, expires), key.privateKey, hash);
  }
  const tail = hash === "SHA256" ? "&Hash-Algorithm=SHA256" : "";
  return `${head}&Signature=${signature}&Key-Pair-Id=${key.keyPairId}${tail}`;
}

/** Appends a query to a URL that may already have one. */
export function withQuery(url: string, query: string): string {
  return url + (url.includes("?") ? "&" : "?") + query;
}

/** Signs one URL: exactly the string the browser will request, plus the signing parameters. */
export function signUrl(url: string, key: SigningKey, options: SignOptions): string {
  return withQuery(url, signingQuery(url, key, options));
}
