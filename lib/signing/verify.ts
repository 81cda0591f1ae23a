import { verify, type KeyObject } from "node:crypto";
import { ipv4InRange, parseIpv4Range } from "./cidr.js";
import { fromCloudFrontBase64 } from "./cloudfront-base64.js";
import { cannedPolicyJson, parsePolicy, type PolicyStatement } from "./policy.js";

/** Why CloudFront would refuse a request; one category per check it makes. */
export type DenyReason =
  | "missing-parameters"
  | "malformed-policy"
  | "untrusted-key"
  | "bad-signature"
  | "expired"
  | "not-yet-valid"
  | "ip-outside-range"
  | "resource-mismatch";

export type Verdict =
  | { allow: true; keyPairId: string; policy: PolicyStatement }
  | { allow: false; reason: DenyReason; detail: string };

export interface VerifyContext {
  /** The public keys of the trusted key group, by key pair id. */
  trustedKey(keyPairId: string): KeyObject | undefined;
  now: Date;
  viewerIp: string;
}

/** The query parameters CloudFront reads a signature from; they make a URL work and are never logged or kept. */
export const SIGNING_PARAMS: ReadonlySet<string> = new Set(["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"]);
const digests: Record<string, string> = { SHA1: "sha1", SHA256: "sha256" };

function deny(reason: DenyReason, detail: string): Verdict {
  return { allow: false, reason, detail };
}

/** Splits a request URL into the URL CloudFront compares with the policy (signing parameters removed) and those parameters. */
export function splitSigningParams(requestUrl: string): { resourceUrl: string; params: Map<string, string>; duplicated?: string } {
  const q = requestUrl.indexOf("?");
  const base = q === -1 ? requestUrl : requestUrl.slice(0, q);
  const kept: string[] = [];
  const params = new Map<string, string>();
  let duplicated: string | undefined;
  for (const pair of q === -1 ? [] : requestUrl.slice(q + 1).split("&")) {
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!SIGNING_PARAMS.has(name)) {
      if (pair) kept.push(pair);
      continue;
    }
    if (params.has(name)) duplicated = name;
    let value = eq === -1 ? "" : pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      /* left as sent: it will fail the checks below */
    }
    params.set(name, value);
  }
  return { resourceUrl: kept.length ? `${base}?${kept.join("&")}` : base, params, duplicated };
}

/** CloudFront's Resource wildcards: `*` any run of characters, `?` exactly one. */
export function resourceMatches(pattern: string, url: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === url;
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : `\\${c}`));
  return new RegExp(`^${source}$`).test(url);
}

function signatureValid(policy: Buffer, signature: string, key: KeyObject, digest: string): boolean {
  const bytes = fromCloudFrontBase64(signature);
  if (!bytes || bytes.length === 0) return false;
  try {
    return verify(digest, policy, key, bytes);
  } catch {
    return false;
  }
}

/**
 * Decides a request the way CloudFront does for a distribution with trusted key groups:
 * parameters, key pair id, signature over the (canned or custom) policy, then the policy's conditions.
 * `requestUrl` is `https://<public host>/<path as requested>?<query as requested>`.
 */
export function verifySignedUrl(requestUrl: string, context: VerifyContext): Verdict {
  const { resourceUrl, params, duplicated } = splitSigningParams(requestUrl);
  const expires = params.get("Expires");
  const policyParam = params.get("Policy");
  const signature = params.get("Signature");
  const keyPairId = params.get("Key-Pair-Id");
  if (!signature || !keyPairId || (expires === undefined && policyParam === undefined)) {
    return deny("missing-parameters", "the URL needs Signature, Key-Pair-Id and Expires or Policy");
  }
  if (duplicated) return deny("malformed-policy", `the signing parameter ${duplicated} appears twice`);
  if (expires !== undefined && policyParam !== undefined) return deny("malformed-policy", "the URL has both Expires and Policy");
  const digest = digests[params.get("Hash-Algorithm") ?? "SHA1"];
  if (!digest) return deny("malformed-policy", `unsupported Hash-Algorithm ${params.get("Hash-Algorithm")}`);

  const key = context.trustedKey(keyPairId);
  if (!key) return deny("untrusted-key", `key pair id ${keyPairId} is not in the trusted key group`);

  let policyBytes: Buffer;
  if (expires !== undefined) {
    if (!/^\d{1,12}$/.test(expires)) return deny("malformed-policy", "Expires is not epoch seconds");
    policyBytes = Buffer.from(cannedPolicyJson(resourceUrl, Number(expires)), "utf8");
  } else {
    const decoded = fromCloudFrontBase64(policyParam ?? "");
    if (!decoded || decoded.length === 0) return deny("malformed-policy", "Policy is not CloudFront base64");
    policyBytes = decoded;
  }
  if (!signatureValid(policyBytes, signature, key, digest)) {
    return deny("bad-signature", `the signature does not match the policy for key ${keyPairId}`);
  }

  let policy: PolicyStatement;
  try {
    policy = expires !== undefined ? { resource: resourceUrl, dateLessThan: Number(expires) } : parsePolicy(policyBytes.toString("utf8"));
  } catch (error) {
    return deny("malformed-policy", (error as Error).message);
  }
  const now = Math.floor(context.now.getTime() / 1000);
  if (now >= policy.dateLessThan) return deny("expired", `expired at ${new Date(policy.dateLessThan * 1000).toISOString()}`);
  if (policy.dateGreaterThan !== undefined && now <= policy.dateGreaterThan) {
    return deny("not-yet-valid", `valid only after ${new Date(policy.dateGreaterThan * 1000).toISOString()}`);
  }
  if (policy.ipAddress !== undefined && !ipv4InRange(context.viewerIp, parseIpv4Range(policy.ipAddress))) {
    return deny("ip-outside-range", `viewer ${context.viewerIp} is outside ${policy.ipAddress}`);
  }
  if (!resourceMatches(policy.resource, resourceUrl)) {
    return deny("resource-mismatch", `the request is outside the policy resource ${policy.resource}`);
  }
  return { allow: true, keyPairId, policy };
}
