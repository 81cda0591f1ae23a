import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type {
  ByteRange,
  GetResult,
  ListOptions,
  ListPage,
  ObjectInfo,
  ObjectStore,
  ObjectTagging,
  PutOptions,
} from "./object-store.js";
import { fromS3Error, type StorageOperation } from "./errors.js";
import { conditionalOutcome, isMissingKey } from "./s3-outcomes.js";

export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_KEYS = 1000;

export interface S3ClientOptions {
  region?: string;
  /** Custom endpoint (MinIO, fauxqs, ...); defaults to AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Attempts per call including the first; the SDK backs off between them. Default 5. */
  maxAttempts?: number;
  /** The SDK's retry mode: "standard" (default) or "adaptive" (client-side rate limiting too). */
  retryMode?: "standard" | "adaptive";
  /** Fail a call when its socket is idle this long (then it is retried). Default: the SDK's. */
  socketTimeoutMs?: number;
  /** Explicit credentials (tests); otherwise the default chain: env, profiles, SSO, roles. */
  credentials?: S3ClientConfig["credentials"];
  /** Where AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL are read from; default process.env. */
  env?: Record<string, string | undefined>;
}

/** Builds the one S3Client a process uses; inject it into S3ObjectStore. */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const config: S3ClientConfig = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? "standard",
  };
  if (options.region) config.region = options.region;
  if (options.credentials) config.credentials = options.credentials;
  if (options.socketTimeoutMs) config.requestHandler = { socketTimeout: options.socketTimeoutMs };
  if (endpoint) {
    // S3-compatible endpoints rarely do virtual-hosted buckets or the newer default checksums.
    config.endpoint = endpoint;
    config.forcePathStyle = true;
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
    config.region ??= env.AWS_REGION ?? "us-east-1";
  }
  return new S3Client(config);
}


const CONFLICT_ATTEMPTS = 5;


function parseContentRange(value: string | undefined): { start: number; end: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\//.exec(value ?? "");
  return match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
}

/** The ObjectStore port over one S3 bucket. */
export class S3ObjectStore implements ObjectStore, ObjectTagging {
  readonly location: string;

  constructor(
    /** The injected client, shared with the multipart uploads of the same bucket. */
    readonly client: S3Client,
    readonly bucket: string,
  ) {
    this.location = `s3://${bucket}`;
  }

  async list(options: ListOptions): Promise<ListPage> {
    const out = await this.call("list", { prefix: options.prefix }, () =>
      this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: options.prefix || undefined,
          Delimiter: options.delimiter,
          ContinuationToken: options.token,
          StartAfter: options.token === undefined ? options.startAfter : undefined,
          MaxKeys: Math.min(options.maxKeys ?? MAX_KEYS, MAX_KEYS),
        }),
      ),
    );
    const page: ListPage = {
      objects: (out.Contents ?? []).map((o) => ({
        key: o.Key ?? "",
        size: o.Size ?? 0,
        lastModified: o.LastModified ?? new Date(0),
        ...(o.ETag ? { etag: o.ETag } : {}),
      })),
      prefixes: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
    };
    if (out.IsTruncated && out.NextContinuationToken) page.nextToken = out.NextContinuationToken;
    return page;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    await this.call("put", { key }, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: typeof body === "string" ? Buffer.from(body) : body, // sized, even when empty
          ContentType: options.contentType,
          CacheControl: options.cacheControl,
          ContentDisposition: options.contentDisposition,
          Metadata: options.metadata,
        }),
      ),
    );
  }

  /**
   * PutObject with If-None-Match: * (S3 conditional writes): 412 PreconditionFailed means the key
   * exists; 409 ConditionalRequestConflict means a racing write to the key is in flight, so ask again.
   */
  async create(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: typeof body === "string" ? Buffer.from(body) : body,
            IfNoneMatch: "*",
            ContentType: options.contentType,
            CacheControl: options.cacheControl,
            ContentDisposition: options.contentDisposition,
            Metadata: options.metadata,
          }),
        );
        return true;
      } catch (error) {
        const outcome = conditionalOutcome(error);
        if (outcome === "exists") return false;
        if (outcome === "conflict" && attempt < CONFLICT_ATTEMPTS) continue;
        throw await this.storageError("put", { key }, error);
      }
    }
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<GetResult | undefined> {
    const range = options.range ? `bytes=${options.range.start}-${options.range.end ?? ""}` : undefined;
    const out = await this.callUnlessMissing("get", key, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range })),
    );
    if (!out) return undefined;
    const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
    const result: GetResult = {
      ...describe(key, out),
      body,
    };
    const served = parseContentRange(out.ContentRange);
    if (range && served) result.range = served;
    return result;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const out = await this.callUnlessMissing("head", key, () =>
      this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    return out ? describe(key, out) : undefined;
  }

  async delete(key: string): Promise<void> {
    await this.call("delete", { key }, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  async getTags(key: string): Promise<Record<string, string> | undefined> {
    const out = await this.callUnlessMissing("tags", key, () => this.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key })));
    if (!out) return undefined;
    return Object.fromEntries((out.TagSet ?? []).flatMap((tag) => (tag.Key !== undefined ? [[tag.Key, tag.Value ?? ""]] : [])));
  }

  /**
   * PutObjectTagging replaces the whole set, so the others are read first. S3 has no conditional
   * tagging: with `ifEtag` the version is checked before, and again after; when the object was
   * replaced in between, the tags just written are taken off again (the new object starts untagged).
   */
  async putTags(key: string, tags: Record<string, string>, options: { ifEtag?: string } = {}): Promise<boolean> {
    if (options.ifEtag !== undefined && (await this.head(key))?.etag !== options.ifEtag) return false;
    const current = await this.getTags(key);
    if (current === undefined) return false;
    const write = (set: Record<string, string>) =>
      this.call("tags", { key }, () =>
        this.client.send(new PutObjectTaggingCommand({ Bucket: this.bucket, Key: key, Tagging: { TagSet: Object.entries(set).map(([Key, Value]) => ({ Key, Value })) } })),
      );
    await write({ ...current, ...tags });
    if (options.ifEtag !== undefined && (await this.head(key))?.etag !== options.ifEtag) {
      const after = await this.getTags(key);
      if (after !== undefined) await write(Object.fromEntries(Object.entries(after).filter(([name]) => !(name in tags))));
      return false;
    }
    return true;
  }

  /** Runs one SDK call; every failure becomes a StorageError that says what to fix. */
  private async call<T>(
    operation: StorageOperation,
    target: { key?: string; prefix?: string },
    send: () => Promise<T>,
  ): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw await this.storageError(operation, target, error);
    }
  }

  private async storageError(operation: StorageOperation, target: { key?: string; prefix?: string }, error: unknown) {
    const region = await this.client.config.region().catch(() => "(unknown region)");
    return fromS3Error(error, { bucket: this.bucket, region, operation, ...target });
  }

  /** Like call, but a missing key resolves undefined. */
  private async callUnlessMissing<T>(
    operation: StorageOperation,
    key: string,
    send: () => Promise<T>,
  ): Promise<T | undefined> {
    return this.call(operation, { key }, async () => {
      try {
        return await send();
      } catch (error) {
        if (isMissingKey(error)) return undefined;
        throw error;
      }
    });
  }
}

interface DescribedOutput {
  ContentLength?: number;
  ContentRange?: string;
  LastModified?: Date;
  ETag?: string;
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
}

function describe(key: string, out: DescribedOutput): ObjectInfo {
  const total = /\/(\d+)$/.exec(out.ContentRange ?? "")?.[1];
  return {
    key,
    size: total !== undefined ? Number(total) : (out.ContentLength ?? 0),
    lastModified: out.LastModified ?? new Date(0),
    ...(out.ETag ? { etag: out.ETag } : {}),
    ...(out.ContentType ? { contentType: out.ContentType } : {}),
    ...(out.CacheControl ? { cacheControl: out.CacheControl } : {}),
    ...(out.ContentDisposition ? { contentDisposition: out.ContentDisposition } : {}),
  };
}
