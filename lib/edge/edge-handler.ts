import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyObject } from "node:crypto";
import type { Clock } from "../clock.js";
import { StorageError } from "../storage/errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import { verifySignedUrl, type DenyReason } from "../signing/verify.js";
import { isHostHeader } from "../net/origin.js";
import { answerByGuard } from "./guard/edge-guard.js";
import type { GuardHandler } from "./guard/guard-runtime.js";
import { objectKeyForPath } from "./object-key.js";
import { proxyToRequestApi } from "./request-api-proxy.js";
import { isRequestApiPath, REQUEST_API_METHODS } from "./request-api-route.js";
import { parseRange } from "./range.js";
import { sendBody } from "./send-body.js";
import { headerSetForPath, responseHeaderValues } from "./response-headers.js";
import { deniedXml, errorXml } from "./responses.js";
import type { EdgeAccessLog } from "./access-log.js";

export interface EdgeLogEntry {
  method: string;
  /** The path only: the query carries the signature and is never logged. */
  path: string;
  status: number;
  reason?: DenyReason | string;
  ms: number;
}

export interface EdgeOptions {
  store: ObjectStore;
  /** CloudFront's origin path: the request path `/a/b` is the object `<originPrefix>/a/b`. */
  originPrefix: string;
  /** The trusted key group: public key by key pair id (re-read per request, so rotations apply at once). */
  trustedKey(keyPairId: string): KeyObject | undefined;
  /**
   * Scheme and host the signed URLs name, e.g. https://files.example.com. Never taken from the
   * request: a Host header is the viewer's to choose (startEdge defaults it to the listening address).
   */
  publicOrigin: string;
  clock: Clock;
  /** The viewer's address; default: the connection's peer (tests inject others). */
  viewerIp?(req: IncomingMessage): string;
  /** HTML served with every 403 and 404, like CloudFront custom error responses; default: CloudFront's XML body. */
  errorPage?: string;
  log?(entry: EdgeLogEntry): void;
  /** The access log in CloudFront's format (lib/edge/access-log.ts), written by the server for every request. */
  accessLog?: EdgeAccessLog;
  /** The viewer-request function (the revocation guard, lib/edge/guard), run for every request the signature check allows. */
  guard?: GuardHandler;
  /**
   * The portal's origin (http://127.0.0.1:3000): file requests' upload API paths go there once the
   * signature check and the guard allowed them, as CloudFront's behaviour for them does. Absent: they
   * are served from storage like any path (and so refused: they name no object).
   */
  requestApiOrigin?: string | (() => string | undefined);
  /**
   * The bucket policy's malware-scan condition (lib/scanning/edge-scan-rule.ts): false refuses the
   * key as S3 refuses CloudFront's read of a file that is not scanned clean.
   */
  scanRule?: (key: string) => Promise<boolean>;
}

/** The local CloudFront: checks a request as a distribution with trusted key groups does, then serves the object. */
export function createEdgeHandler(options: EdgeOptions) {
  const publicOrigin = options.publicOrigin.replace(/\/+$/, "");

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const finish = (status: number, reason?: string) =>
      options.log?.({ method: req.method ?? "", path, status, reason, ms: Math.round(performance.now() - started) });
    // The headers CloudFront's response headers policy of this path's cache behaviour adds, on every response.
    for (const [name, value] of Object.entries(responseHeaderValues(headerSetForPath(path)))) res.setHeader(name, value);

    const requestApiOrigin = typeof options.requestApiOrigin === "function" ? options.requestApiOrigin() : options.requestApiOrigin;
    const toRequestApi = requestApiOrigin !== undefined && isRequestApiPath(path);
    if (req.method !== "GET" && req.method !== "HEAD" && !(toRequestApi && REQUEST_API_METHODS.includes(req.method ?? ""))) {
      send(res, 403, "application/xml", errorXml("MethodNotAllowed", "This distribution only allows GET and HEAD"));
      return finish(403, "method");
    }
    const host = req.headers.host;
    if (host !== undefined && !isHostHeader(host)) {
      send(res, 400, "application/xml", errorXml("InvalidArgument", "The Host header must be host[:port]"), req.method === "HEAD");
      return finish(400, "bad Host header");
    }
    const viewerIp = options.viewerIp?.(req) ?? (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    const verdict = verifySignedUrl(publicOrigin + rawUrl, { trustedKey: options.trustedKey, now: options.clock(), viewerIp });
    if (!verdict.allow) {
      res.setHeader("X-Deny-Reason", verdict.reason);
      if (options.errorPage) send(res, 403, "text/html; charset=utf-8", options.errorPage, req.method === "HEAD");
      else send(res, 403, "application/xml", deniedXml(verdict.reason), req.method === "HEAD");
      return finish(403, `${verdict.reason}: ${verdict.detail}`);
    }
    if (options.guard) {
      const refused = await answerByGuard(options.guard, req, res, viewerIp);
      if (refused !== undefined) return finish(refused, "guard: the query is not exactly one link id and signing parameters, or the link is revoked");
    }
    if (toRequestApi) return finish(await proxyToRequestApi(requestApiOrigin, req, res, viewerIp));

    const key = objectKeyForPath(path, options.originPrefix);
    if (key !== undefined && options.scanRule && !(await options.scanRule(key))) {
      // S3 answers AccessDenied; CloudFront shows its 403 error page, like any refusal.
      res.setHeader("X-Deny-Reason", "not-scanned-clean");
      if (options.errorPage) send(res, 403, "text/html; charset=utf-8", options.errorPage, req.method === "HEAD");
      else send(res, 403, "application/xml", errorXml("AccessDenied", "Access Denied"), req.method === "HEAD");
      return finish(403, "the file is not scanned clean (malware scanning)");
    }
    const info = key === undefined ? undefined : await options.store.head(key).catch(notFoundOnInvalidKey);
    if (key === undefined || !info) {
      if (options.errorPage) send(res, 404, "text/html; charset=utf-8", options.errorPage, req.method === "HEAD");
      else send(res, 404, "application/xml", errorXml("NoSuchKey", "The specified key does not exist."), req.method === "HEAD");
      return finish(404);
    }

    res.setHeader("Accept-Ranges", "bytes");
    res.setHeader("Content-Type", info.contentType ?? "application/octet-stream");
    res.setHeader("Last-Modified", info.lastModified.toUTCString());
    if (info.etag) res.setHeader("ETag", info.etag);
    if (info.cacheControl) res.setHeader("Cache-Control", info.cacheControl);
    if (info.contentDisposition) res.setHeader("Content-Disposition", info.contentDisposition);
    if (info.etag && req.headers["if-none-match"] === info.etag) {
      res.writeHead(304).end();
      return finish(304);
    }

    const range = parseRange(req.headers.range, info.size);
    if (range.kind === "unsatisfiable") {
      res.setHeader("Content-Range", `bytes */${info.size}`);
      send(res, 416, "application/xml", errorXml("InvalidRange", "The requested range is not satisfiable"), req.method === "HEAD");
      return finish(416);
    }
    const status = range.kind === "partial" ? 206 : 200;
    const length = range.kind === "partial" ? range.end - range.start + 1 : info.size;
    if (range.kind === "partial") res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${info.size}`);
    res.setHeader("Content-Length", length);
    if (req.method === "HEAD" || length === 0) {
      res.writeHead(status).end();
      return finish(status);
    }
    const object = await options.store.get(key, range.kind === "partial" ? { range } : undefined);
    if (!object) {
      res.removeHeader("Content-Range");
      send(res, 404, "application/xml", errorXml("NoSuchKey", "The specified key does not exist."));
      return finish(404);
    }
    res.writeHead(status);
    const outcome = await sendBody(object.body, res, length);
    finish(status, outcome === "viewer-gone" ? "the viewer disconnected before the last byte" : undefined);
  };
}

/** A key the store refuses (empty segments and the like) names no object: 404, as S3 would answer. */
function notFoundOnInvalidKey(error: unknown): undefined {
  if (error instanceof StorageError && error.code === "InvalidKey") return undefined;
  throw error;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headOnly = false): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(headOnly ? undefined : body);
}
