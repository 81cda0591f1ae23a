/**
 * The one translation of AWS SDK errors that come from the setup (no region, no credentials, a host
 * that does not resolve or answer) into a message that names the setting to fix and the next step.
 * The SDK's own words ("Region is missing", "getaddrinfo ENOTFOUND ...") say neither.
 */

const REJECTED_CREDENTIALS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
  "InvalidClientTokenId",
  "InvalidToken",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
  "UnrecognizedClientException",
]);

interface ErrorShape {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  address?: string;
  port?: number;
  cause?: unknown;
}

/** The explanation for `error` or one of its causes; undefined when it is not a setup problem. */
export function explainAwsSetupError(error: unknown): string | undefined {
  for (let e = error as ErrorShape | undefined, depth = 0; e && typeof e === "object" && depth < 5; e = e.cause as ErrorShape | undefined, depth++) {
    const explained = explainOne(e);
    if (explained) return explained;
  }
  return undefined;
}

function explainOne(e: ErrorShape): string | undefined {
  const name = e.name ?? "";
  const message = e.message ?? "";
  if (message === "Region is missing") {
    return "no AWS region is set: set AWS_REGION (e.g. AWS_REGION=eu-west-1), or give the stack outputs with --config FILE or SHARE_CONFIG (their region output sets it)";
  }
  if (name === "CredentialsProviderError" || /Could not load credentials from any providers/.test(message)) {
    return "no AWS credentials were found: sign in (aws sso login --profile NAME) and set AWS_PROFILE=NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available";
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    return `AWS refused the credentials (${name}): they are expired or wrong; refresh them (aws sso login --profile NAME) or check AWS_PROFILE / AWS_ACCESS_KEY_ID`;
  }
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") {
    const host = e.hostname ?? /(?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(message)?.[1] ?? "the AWS endpoint";
    return `cannot resolve ${host}: check AWS_REGION (the host name is built from it) and this machine's network and DNS; with a custom endpoint, check AWS_ENDPOINT_URL_S3`;
  }
  if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET" || e.code === "ETIMEDOUT") {
    const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ""}` : "the AWS endpoint";
    return `cannot connect to ${where} (${e.code}): check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and that the service runs, or the network and proxy settings`;
  }
  return undefined;
}

/** An error's message for people: the setup explanation first when there is one the message lacks. */
export function describeError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const setup = explainAwsSetupError(error);
  return setup && !raw.toLowerCase().includes(setup.toLowerCase()) ? `${setup} (${raw})` : raw;
}
