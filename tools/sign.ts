import { readFile } from "node:fs/promises";
import { loadPrivateKey } from "../lib/signing/key-material.js";
import { parseDuration } from "../lib/duration.js";
import { parseInstant } from "../lib/instant.js";
import { newLinkId } from "../lib/links/layout.js";
import { isGuardedLinkId, withLinkId } from "../lib/links/link-id-param.js";
import { signUrl, type HashAlgorithm } from "../lib/signing/signer.js";
import { InvalidRequestError } from "../lib/errors.js";
import { validateTerms } from "../lib/publishing/terms.js";
import { filePathArgument, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

/** `signed-share sign` (tools/commands/local.ts): one signed URL on stdout. */
export async function run(line: CommandLine, { io, env }: LocalContext): Promise<number> {
  const values = line.values as Partial<Record<string, string>>;
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
  const maxExpiryText = values["max-expiry"] ?? env.SHARE_MAX_EXPIRY ?? "366d";
  let maxExpiryMs: number;
  try {
    maxExpiryMs = parseDuration(maxExpiryText);
  } catch (error) {
    throw new UsageError(`${values["max-expiry"] !== undefined ? "--max-expiry" : "SHARE_MAX_EXPIRY"}: ${(error as Error).message}`);
  }
  // The expiry rule of every link (lib/publishing/terms.ts), with the flags' names in its messages.
  const FLAG_OF: Record<string, string> = { expires: "--date-less-than", notBefore: "--date-greater-than", ip: "--ip-address" };
  try {
    validateTerms({ expiresAt: dateLessThan, ...(dateGreaterThan ? { notBefore: dateGreaterThan } : {}), ...(values["ip-address"] ? { ipRange: values["ip-address"] } : {}) }, now, maxExpiryMs);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const flag = FLAG_OF[error.field ?? ""] ?? "";
    // The rule refused it; the words say it as this command's flags do.
    if (error.field === "expires" && dateLessThan <= now) throw new UsageError(`--date-less-than ${dateLessThan.toISOString()} is in the past: the URL would never work`);
    const more = error.field === "expires" ? ", or pass --max-expiry with a longer duration to allow it" : "";
    throw new UsageError(`${flag ? `${flag}: ` : ""}${error.message}${more}`);
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
  io.stdout.write(`${signed}\n`);
  if (linkIdFlag === "new") io.stderr.write(`link id: ${linkId}\n`);
  return 0;
}
