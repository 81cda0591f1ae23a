import { explainAwsSetupError } from "../aws-errors.js";

/** What went wrong, for callers that branch on it (the edge answers 416 for InvalidRange, etc.). */
export type StorageErrorCode =
  | "NoSuchBucket"
  | "AccessDenied"
  | "InvalidCredentials"
  | "RetriesExhausted"
  | "InvalidRange"
  | "InvalidKey"
  | "InvalidArgument"
  | "Unknown";

export type StorageOperation = "list" | "get" | "head" | "put" | "delete" | "tags";

/**
 * A failed storage call. The message names where (bucket or directory), the key, the cause,
 * and what to fix when the cause is a known configuration mistake.
 */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(
    message: string,
    readonly code: StorageErrorCode,
    readonly location: string,
    readonly key: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The IAM action each operation needs, for AccessDenied messages. */
export const IAM_ACTION: Record<StorageOperation, string> = {
  list: "s3:ListBucket",
  get: "s3:GetObject",
  head: "s3:GetObject (and s3:ListBucket, or S3 answers 403 instead of 404 for a missing key)",
  put: "s3:PutObject",
  delete: "s3:DeleteObject",
  tags: "s3:GetObjectTagging (reading scan statuses) or s3:PutObjectTagging (recording them)",
};

const CREDENTIAL_ERRORS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
  "InvalidToken",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
  "CredentialsProviderError",
  "UnrecognizedClientException",
]);

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number; totalRetryDelay?: number };
}

export interface S3ErrorContext {
  bucket: string;
  region: string;
  operation: StorageOperation;
  key?: string;
  /** The prefix for list calls, shown instead of a key. */
  prefix?: string;
}

/** Turns an AWS SDK error into a StorageError whose message says what to fix. */
export function fromS3Error(error: unknown, context: S3ErrorContext): StorageError {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts ?? 1;
  const location = `s3://${context.bucket}`;
  const what =
    context.key !== undefined
      ? `${context.operation} s3://${context.bucket}/${context.key}`
      : `${context.operation} s3://${context.bucket}/${context.prefix ?? ""}*`;
  const cause = `${name}${status ? ` (HTTP ${status})` : ""}: ${e.message ?? String(error)}`;
  const make = (code: StorageErrorCode, advice: string) =>
    new StorageError(`${what} failed: ${cause}. ${advice}`.trim(), code, location, context.key, {
      cause: error,
    });

  if (name === "NoSuchBucket") {
    return make(
      "NoSuchBucket",
      `Bucket ${context.bucket} does not exist in region ${context.region}: check SHARE_BUCKET/AWS_REGION.`,
    );
  }
  if (name === "AccessDenied" || name === "AllAccessDisabled" || (status === 403 && !CREDENTIAL_ERRORS.has(name))) {
    return make(
      "AccessDenied",
      `The caller lacks ${IAM_ACTION[context.operation]} on arn:aws:s3:::${context.bucket}${
        context.operation === "list" ? "" : "/*"
      }: grant it in the IAM policy of the role you run as.`,
    );
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return make(
      "InvalidCredentials",
      "The AWS credentials are missing, expired or wrong: run `aws sso login` or set AWS_PROFILE.",
    );
  }
  if (name === "InvalidRange") {
    return make("InvalidRange", "The requested byte range lies outside the object.");
  }
  const setup = explainAwsSetupError(error);
  if (setup) return make("Unknown", `${setup[0]!.toUpperCase()}${setup.slice(1)}.`);
  if (attempts > 1) {
    const waited = e.$metadata?.totalRetryDelay ?? 0;
    return make(
      "RetriesExhausted",
      `Gave up after ${attempts} attempts (${waited} ms of backoff): S3 or the network kept failing; try again later or raise the retry limit.`,
    );
  }
  return make("Unknown", "");
}
