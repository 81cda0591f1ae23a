import { createHash } from "node:crypto";
import { Hono } from "hono";
import type { Clock } from "../../lib/clock.js";
import { multipartFor } from "../../lib/files/create-client-files.js";
import { fixedTrustedKeys } from "../../lib/keys/trusted-public-keys.js";
import { Catalog } from "../../lib/publishing/catalog.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import type { DenyList } from "../../lib/revocation/deny-list.js";
import { FileRequests } from "../../lib/requests/file-requests.js";
import { RequestUploads, type AcceptReceived, type BatchNotices, type UploadEvent } from "../../lib/requests/request-uploads.js";
import { moverFor } from "../../lib/storage/move-object.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import type { AppEnv } from "../../portal/env.js";
import { RequestRateLimiter } from "../../portal/requests/request-rate-limit.js";
import { REQUEST_API_PREFIX, uploadApiRoutes } from "../../portal/requests/upload-api.js";
import { memoryLogger } from "../portal/fixture.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

export const PREFIX = "client_files";
export const PUBLIC_URL = "https://files.example.com";
export const START = new Date("2026-03-02T09:00:00Z");
export const DAY = 86_400_000;
export const MIB = 1024 * 1024;

export interface RequestsSubjectOptions {
  store: ObjectStore;
  /** Default: a movable clock at START. */
  clock?: Clock;
  maxFileSize?: number;
  partSize?: number;
  denyList?: DenyList;
  accept?: AcceptReceived;
  notices?: BatchNotices;
  limiter?: RequestRateLimiter;
}

/** File requests over `store`, signed with the test RSA key, with the upload API as a Hono app. */
export function requestsSubject(options: RequestsSubjectOptions) {
  let now = START.getTime();
  const clock = options.clock ?? (() => new Date(now));
  const records = new LinkRecords({ store: options.store, clock, ...(options.denyList ? { denyList: options.denyList } : {}) });
  const requests = new FileRequests({
    store: options.store,
    records,
    catalog: new Catalog(options.store, PREFIX),
    prefix: PREFIX,
    publicUrl: PUBLIC_URL,
    signingKey: async () => rsaSigningKey,
    clock,
    maxFileSize: options.maxFileSize ?? 64 * MIB,
  });
  const events: UploadEvent[] = [];
  const uploads = new RequestUploads({
    requests,
    store: options.store,
    multipart: multipartFor(options.store, clock),
    mover: moverFor(options.store),
    clock,
    prefix: PREFIX,
    partSize: options.partSize ?? 5 * MIB,
    ...(options.accept ? { accept: options.accept } : {}),
    ...(options.notices ? { notices: options.notices } : {}),
    onEvent: (event) => void events.push(event),
  });
  const log = memoryLogger();
  const keys = fixedTrustedKeys((id) => trustedPublicKeys.get(id));
  const app = new Hono<AppEnv>().route("/", uploadApiRoutes({ uploads, keys, publicOrigin: PUBLIC_URL, clock, logger: log.logger, ...(options.limiter ? { limiter: options.limiter } : {}) }));
  return {
    requests,
    uploads,
    records,
    app,
    events,
    log,
    clock,
    advance: (ms: number) => (now += ms),
    /** Calls the upload API of `link` as the files host forwards it: `action` after upload/, the link's own query. */
    call(link: string, action: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
      const url = new URL(link);
      const path = url.pathname.replace(/\.html$/, `/upload/${action}`);
      return app.request(`${REQUEST_API_PREFIX}${path}${url.search}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
        headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      });
    },
    /** A part URL the API gave (local mode: the files host), as the files host forwards it. */
    partRequest(partUrl: string, body: Uint8Array) {
      const url = new URL(partUrl);
      return app.request(`${REQUEST_API_PREFIX}${url.pathname}${url.search}`, { method: "PUT", body, headers: { "content-length": String(body.length) } });
    },
  };
}

export type RequestsSubject = ReturnType<typeof requestsSubject>;

export const batchId = () => createHash("md5").update(String(Math.random())).digest("hex");

/**
 * Sends one file through the API as the page does: start, part URLs, each part PUT (through the API in
 * local mode, to the presigned URL otherwise), complete. Returns the last response of the way.
 */
export async function sendFile(subject: RequestsSubject, link: string, path: string, bytes: Buffer, options: { batch?: string; putPart?: (url: string, body: Buffer) => Promise<Response> } = {}) {
  const batch = options.batch ?? batchId();
  const started = await subject.call(link, "files", { body: { path, size: bytes.length, batch } });
  if (started.status !== 201) return { response: started, batch };
  const session = (await started.json()) as { upload: string; partSize: number; partCount: number };
  const parts: { partNumber: number; etag: string }[] = [];
  for (let n = 1; n <= session.partCount; n += 1) {
    const answer = await subject.call(link, "parts", { body: { upload: session.upload, partNumbers: [n] } });
    if (answer.status !== 200) return { response: answer, batch, session };
    const [part] = ((await answer.json()) as { parts: { url: string; length: number }[] }).parts;
    const body = bytes.subarray((n - 1) * session.partSize, (n - 1) * session.partSize + part!.length);
    const put = options.putPart ? await options.putPart(part!.url, body) : await subject.partRequest(part!.url, body);
    if (!put.ok) return { response: put, batch, session };
    parts.push({ partNumber: n, etag: put.headers.get("etag")! });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const response = await subject.call(link, "complete", { body: { upload: session.upload, parts, sha256 } });
  return { response, batch, session, sha256 };
}
