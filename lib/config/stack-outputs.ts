// The JSON that `pulumi stack output --json` prints, as a source of settings (--config FILE or SHARE_CONFIG).
import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";
import { got } from "./shared.js";

/** Stack output name → the setting it supplies. */
export const STACK_OUTPUTS = {
  bucketName: "SHARE_BUCKET",
  originPrefix: "SHARE_PREFIX",
  publicUrl: "SHARE_PUBLIC_URL",
  distributionId: "SHARE_DISTRIBUTION_ID",
  signingKeySecretName: "SHARE_SIGNING_KEY_SECRET",
  region: "AWS_REGION",
  keyGroupId: "SHARE_KEY_GROUP_ID",
  bootstrapPublicKeyId: "SHARE_BOOTSTRAP_PUBLIC_KEY_ID",
  ipv6Enabled: "SHARE_IPV6",
  activityLogBucketName: "SHARE_ACTIVITY_LOG_BUCKET",
  revocationStoreArn: "SHARE_REVOCATION_STORE_ARN",
  mailSender: "SHARE_MAIL_FROM",
  malwareScanner: "SHARE_SCANNER",
} as const;

/** Reads the stack outputs JSON; every value we use must be a string. */
export function readStackOutputs(path: string, setting: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([
      `${setting} names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): create it with \`pulumi stack output --json > stack.json\``,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError([`${setting} names ${path}, which is not JSON: create it with \`pulumi stack output --json > stack.json\``]);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError([`${setting} names ${path}, which is not a JSON object of stack outputs`]);
  }
  const outputs: Record<string, string> = {};
  const problems: string[] = [];
  for (const output of Object.keys(STACK_OUTPUTS)) {
    const value = (json as Record<string, unknown>)[output];
    if (value === undefined || value === null) continue;
    if (value === "[secret]") problems.push(`${output} in ${path} is hidden as [secret]: rerun with \`pulumi stack output --json --show-secrets\``);
    else if (typeof value === "boolean") outputs[output] = String(value);
    else if (typeof value !== "string") problems.push(`${output} in ${path} must be a string${got(value)}`);
    else outputs[output] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return outputs;
}
