import type { DenyReason } from "../signing/verify.js";

/** The error codes and messages CloudFront answers with when it refuses a signed request. */
const cloudFrontErrors: Record<DenyReason, [code: string, message: string]> = {
  "missing-parameters": ["MissingKey", "Missing Key-Pair-Id query parameter or cookie value"],
  "untrusted-key": ["InvalidKey", "Unknown Key"],
  "malformed-policy": ["MalformedPolicy", "Malformed Policy"],
  "bad-signature": ["AccessDenied", "Access denied"],
  expired: ["AccessDenied", "Access denied"],
  "not-yet-valid": ["AccessDenied", "Access denied"],
  "ip-outside-range": ["AccessDenied", "Access denied"],
  "resource-mismatch": ["AccessDenied", "Access denied"],
};

export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

export function deniedXml(reason: DenyReason): string {
  const [code, message] = cloudFrontErrors[reason];
  return errorXml(code, message);
}
