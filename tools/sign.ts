import { readFile } from "node:fs/promises";
import { loadPrivateKey } from "../lib/signing/key-material.js";
import { parseIpv4Range } from "../lib/signing/cidr.js";
import { parseDuration } from "../lib/duration.js";
import { parseInstant } from "../lib/instant.js";
import { newLinkId } from "../lib/links/layout.js";
import { isGuardedLinkId, withLinkId } from "../lib/links/link-id-param.js";
import { signUrl, type HashAlgorithm } from "../lib/signing/signer.js";
import { filePathArgument, parseFlags, runCli, UsageError } from "./cli.js";

const help = `Usage: signed-share sign --url URL --key-pair-id ID --private-key file://PATH --date-less-than WHEN [options]

Signs a CloudFront URL and prints only the signed URL (flags as in \`aws cloudfront sign\`).

  --url URL                 the exact URL the viewer will request (http or https)
  --key-pair-id ID          the CloudFront public key id (K...)
  --private-key file://P    RSA-2048 or ECDSA P-256 private key, PEM
  --date-less-than WHEN     expiry: ISO 8601, epoch seconds, or a duration from now (7d, 12h)
  --date-greater-than WHEN  not valid before this instant (custom policy)
  --ip-address CIDR         only viewers from this IPv4 range (custom policy)
  --policy-resource URL     policy resource, may hold wildcards: https://host/client/* (custom policy)
  --hash-algorithm ALG      SHA1 (default) or SHA256
  --max-expiry DURATION     refuse an expiry further away than this (default SHARE_MAX_EXPIRY, else 366d);
                            raise it explicitly for a longer-lived URL
  --link-id ID|new          add l=ID to the URL before signing, as the product does for every link:
                            a distribution with the revocation guard refuses URLs without it
                            (docs/revocation.md). "new" draws a random id and prints it on stderr;
                            revoke it later with: signed-share links revoke ID --until WHEN
  -h, --help                this text

Exit codes: 0 signed, 2 bad input (the message says which).

Also runs as: npm run sign -- [arguments] (npm adds its own lines to stdout: scripts use signed-share sign)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    url: { type: "string" },
    "key-pair-id": { type: "string" },
    "private-key": { type: "string" },
    "date-less-than": { type: "string" },
    "date-greater-than": { type: "string" },
    "ip-address": { type: "string" },
    "policy-resource": { type: "string" },
    "hash-algorithm": { type: "string" },
    "max-expiry": { type: "string" },
    "link-id": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  for (const flag of ["url", "key-pair-id", "private-key", "date-less-than"] as const) {
    if (!values[flag]) throw new UsageError(`--${flag} is required (see --help)`);
  }
  if (!/^https?:\/\/[^/?#]+/i.test(values.url!)) throw new UsageError(`--url must be an http or https URL, got "${values.url}"`);
  const linkIdFlag = values["link-id"];
  const linkId = linkIdFlag === "new" ? newLinkId() : linkIdFlag;
  if (linkId !== undefined && !isGuardedLinkId(linkId)) {
    throw new UsageError(`--link-id must be "new" or 22 to 128 characters of A-Z a-z 0-9 _ -, got "${linkId}"`);
  }
  if (linkId !== undefined && /[?&]l=/.test(values.url!)) throw new UsageError("--url already has an l= parameter; drop it or --link-id");
  const url = linkId === undefined ? values.url! : withLinkId(values.url!, linkId);
  const hashAlgorithm = (values["hash-algorithm"] ?? "SHA1").toUpperCase();
  if (hashAlgorithm !== "SHA1" && hashAlgorithm !== "SHA256") throw new UsageError(`--hash-algorithm must be SHA1 or SHA256, got "${values["hash-algorithm"]}"`);

  const keyPath = filePathArgument(values["private-key"]!);
  const pem = await readFile(keyPath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the private key ${keyPath}: ${error.code ?? error.message}`);
  });
  let privateKey;
  try {
    privateKey = loadPrivateKey(pem);
  } catch (error) {
    throw new UsageError(`${keyPath}: ${(error as Error).message}`);
  }

  const now = new Date();
  const when = (flag: "date-less-than" | "date-greater-than") => {
    const text = values[flag];
    if (text === undefined) return undefined;
    try {
      return parseInstant(text, now);
    } catch (error) {
      throw new UsageError(`--${flag}: ${(error as Error).message}`);
    }
  };
  const dateLessThan = when("date-less-than")!;
  const dateGreaterThan = when("date-greater-than");
  if (dateLessThan <= now) throw new UsageError(`--date-less-than ${dateLessThan.toISOString()} is in the past: the URL would never work`);
  const maxExpiryText = values["max-expiry"] ?? process.env.SHARE_MAX_EXPIRY ?? "366d";
  let maxExpiryMs: number;
  try {
    maxExpiryMs = parseDuration(maxExpiryText);
  } catch (error) {
    throw new UsageError(`${values["max-expiry"] !== undefined ? "--max-expiry" : "SHARE_MAX_EXPIRY"}: ${(error as Error).message}`);
  }
  if (dateLessThan.getTime() - now.getTime() > maxExpiryMs) {
    throw new UsageError(
      `--date-less-than ${dateLessThan.toISOString()} is more than ${maxExpiryText} away (the maximum expiry); choose an earlier expiry, or pass --max-expiry with a longer duration to allow it`,
    );
  }
  if (dateGreaterThan && dateGreaterThan >= dateLessThan) throw new UsageError("--date-greater-than must be before --date-less-than");
  if (values["ip-address"]) {
    try {
      parseIpv4Range(values["ip-address"]);
    } catch (error) {
      throw new UsageError(`--ip-address: ${(error as Error).message}`);
    }
  }
  const resource = values["policy-resource"];
  if (resource !== undefined && !/^https?\*?:\/\/|^\*:\/\//.test(resource)) throw new UsageError(`--policy-resource must be a URL (wildcards allowed), got "${resource}"`);

  const signed = signUrl(url, { keyPairId: values["key-pair-id"]!, privateKey }, {
    dateLessThan,
    dateGreaterThan,
    ipAddress: values["ip-address"],
    resource,
    hashAlgorithm: hashAlgorithm as HashAlgorithm,
  });
  process.stdout.write(`${signed}\n`);
  if (linkIdFlag === "new") process.stderr.write(`link id: ${linkId}\n`);
  return 0;
}

runCli(main);
