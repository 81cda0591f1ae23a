/**
 * What an S3 error means for the caller, decided in one place for every S3 adapter (objects, moves,
 * multipart uploads). S3 names some failures only by status (a HEAD's bare 404), so each test looks
 * at the error's name and its HTTP status.
 */
interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const shape = (error: unknown): SdkError => (typeof error === "object" && error !== null ? (error as SdkError) : {});

/** A missing key (GetObject: NoSuchKey, HeadObject: a bare 404), not a missing bucket. */
export function isMissingKey(error: unknown): boolean {
  const e = shape(error);
  if (e.name === "NoSuchBucket") return false;
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

/** A multipart upload that was completed, aborted or never existed. */
export function isMissingUpload(error: unknown): boolean {
  const e = shape(error);
  return e.name === "NoSuchUpload" || e.$metadata?.httpStatusCode === 404;
}

/**
 * A conditional write refused: "exists" when If-None-Match found the key taken, "conflict" when
 * another conditional write to the same key was in flight.
 */
export function conditionalOutcome(error: unknown): "exists" | "conflict" | undefined {
  const e = shape(error);
  if (e.name === "PreconditionFailed" || e.$metadata?.httpStatusCode === 412) return "exists";
  if (e.name === "ConditionalRequestConflict" || e.$metadata?.httpStatusCode === 409) return "conflict";
  return undefined;
}
