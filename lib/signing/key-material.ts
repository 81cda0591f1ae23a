import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export type KeyType = "rsa" | "ecdsa";

/** CloudFront accepts RSA-2048 and ECDSA P-256 keys only; anything else is refused up front. */
export function keyTypeOf(key: KeyObject): KeyType {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa" && details?.modulusLength === 2048) return "rsa";
  if (key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") return "ecdsa";
  const what = key.asymmetricKeyType === "rsa" ? `RSA-${details?.modulusLength}` : key.asymmetricKeyType === "ec" ? `EC ${details?.namedCurve}` : key.asymmetricKeyType;
  throw new Error(`CloudFront signs with RSA-2048 or ECDSA P-256 keys, not ${what}`);
}

/** Parses a PEM private key once (PKCS#1, SEC1 or PKCS#8) so that signing can reuse it. */
export function loadPrivateKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error("not a PEM private key (expected PKCS#1 RSA, SEC1 EC or PKCS#8, in PEM form)");
  }
  keyTypeOf(key);
  return key;
}

/** Parses a PEM public key (SPKI, as CloudFront stores it). */
export function loadPublicKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error("not a PEM public key (expected BEGIN PUBLIC KEY)");
  }
  keyTypeOf(key);
  return key;
}
