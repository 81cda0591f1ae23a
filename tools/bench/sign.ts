import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { generateKeyPair } from "../../lib/keys/generate.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { signUrl } from "../../lib/signing/signer.js";
import type { Row } from "../table.js";
import { opensslSignRate, ratePerSecond } from "./measure.js";

/**
 * Signed URLs per second on one core: our signer, @aws-sdk/cloudfront-signer (which parses the PEM
 * on every call) and `openssl speed` for the same key type, all measured in this run.
 */
export async function benchSign(seconds: number, rounds = 3): Promise<Row[]> {
  const expires = new Date(Date.now() + 7 * 86_400_000);
  const rows: Row[] = [];
  for (const [type, label, opensslName] of [["rsa", "RSA-2048", "rsa2048"], ["ecdsa", "ECDSA P-256", "ecdsap256"]] as const) {
    const pair = generateKeyPair(type);
    const key = { keyPairId: "KBENCHMARK0000", privateKey: loadPrivateKey(pair.privateKeyPem) };
    const url = (i: number) => `https://files.example.com/acme-corp/reports/file-${i}.pdf`;
    // Interleaved rounds, best of each: a busy neighbour on the machine then skews no side alone.
    let openssl: number | undefined;
    let ours = 0;
    let aws = 0;
    for (let round = 0; round < rounds; round++) {
      const reference = await opensslSignRate(opensslName, seconds);
      if (reference !== undefined) openssl = Math.max(openssl ?? 0, reference);
      ours = Math.max(ours, ratePerSecond((i) => signUrl(url(i), key, { dateLessThan: expires }), seconds));
      aws = Math.max(
        aws,
        ratePerSecond((i) => getSignedUrl({ url: url(i), keyPairId: key.keyPairId, privateKey: pair.privateKeyPem, dateLessThan: expires.toISOString() }), seconds),
      );
    }
    const ratio = (rate: number) => (openssl ? rate / openssl : undefined);
    rows.push(
      { key: label, signer: "openssl speed (reference)", "sign/s": openssl ?? "openssl not found", "ratio to openssl": openssl ? 1 : undefined },
      { key: label, signer: "signed-share", "sign/s": ours, "ratio to openssl": ratio(ours) },
      { key: label, signer: "@aws-sdk/cloudfront-signer", "sign/s": aws, "ratio to openssl": ratio(aws) },
    );
  }
  return rows;
}
