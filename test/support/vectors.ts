import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPrivateKey, loadPublicKey } from "../../lib/signing/key-material.js";

const dir = join(__dirname, "..", "vectors");

export interface SignVector {
  name: string;
  kind: "sign";
  policy: "canned" | "custom";
  key: "rsa" | "ec";
  keyPairId: string;
  url: string;
  resource?: string;
  dateLessThan: string;
  dateGreaterThan?: string | null;
  ipAddress?: string | null;
  hashAlgorithm: "SHA1" | "SHA256";
  expectedPolicyJson: string;
  expectedPolicyParam?: string;
  expectedSignature: string;
  expectedSignedUrl: string;
}

export interface VerifyVector {
  name: string;
  kind: "verify";
  requestUrl: string;
  now: string;
  viewerIp: string;
  trustedKeyPairIds: string[];
  expect: "allow" | "deny";
  reason: string;
}

const file = JSON.parse(readFileSync(join(dir, "cloudfront-signing.json"), "utf8")) as {
  keys: Record<string, { type: string; private: string; public: string }>;
  vectors: (SignVector | VerifyVector)[];
};

export const signVectors = file.vectors.filter((v): v is SignVector => v.kind === "sign");
export const verifyVectors = file.vectors.filter((v): v is VerifyVector => v.kind === "verify");

export const testKeys = Object.entries(file.keys).map(([keyPairId, k]) => ({
  keyPairId,
  type: k.type.startsWith("rsa") ? ("rsa" as const) : ("ecdsa" as const),
  privatePem: readFileSync(join(dir, k.private), "utf8"),
  publicPem: readFileSync(join(dir, k.public), "utf8"),
}));

export const rsaTestKey = testKeys.find((k) => k.type === "rsa")!;
export const ecTestKey = testKeys.find((k) => k.type === "ecdsa")!;

export const rsaSigningKey = { keyPairId: rsaTestKey.keyPairId, privateKey: loadPrivateKey(rsaTestKey.privatePem) };
export const ecSigningKey = { keyPairId: ecTestKey.keyPairId, privateKey: loadPrivateKey(ecTestKey.privatePem) };

export const trustedPublicKeys = new Map(testKeys.map((k) => [k.keyPairId, loadPublicKey(k.publicPem)]));
