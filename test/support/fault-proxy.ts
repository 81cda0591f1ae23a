/**
 * A small HTTP proxy for tests that sits between a client and an S3 endpoint (usually fauxqs):
 * it records every request's headers and answers scripted requests with faults instead of
 * forwarding them.
 *
 *   const proxy = await startFaultProxy(s3.endpoint);
 *   proxy.inject(faults.slowDown(), { times: 2 });           // the next two requests get 503 SlowDown
 *   proxy.inject(faults.accessDenied(), { match: (r) => r.method === "PUT" });
 *   const store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint }), bucket);
 *   ...
 *   expect(proxy.requests.at(-1)?.headers["cache-control"]).toBe("private, no-store");
 *
 * Rules are checked in the order they were injected; the first that matches and has uses left
 * answers the request. Error bodies are the XML real S3 sends, so the SDK parses them as it would.
 *
 * fauxqs 1.9.2 ignores If-None-Match on PutObject (it overwrites). With `{ conditionalWrites: true }`
 * the proxy does what S3 documents for conditional writes: a PUT with `If-None-Match: *` on a key
 * that exists gets 412 PreconditionFailed, and racing PUTs of one key are decided one at a time.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Answer with this status and an S3 XML error body (no body for HEAD, like S3). */
  | { kind: "error"; status: number; code: string; message: string }
  /** Destroy the connection without answering (the client sees ECONNRESET / socket hang up). */
  | { kind: "reset" }
  /** Wait this long, then forward the request (a slow response). */
  | { kind: "delay"; ms: number };

/** Faults shaped like the ones S3 really produces. */
export const faults = {
  slowDown: (): Fault => s3Error(503, "SlowDown", "Please reduce your request rate."),
  internalError: (): Fault => s3Error(500, "InternalError", "We encountered an internal error. Please try again."),
  accessDenied: (): Fault => s3Error(403, "AccessDenied", "Access Denied"),
  expiredToken: (): Fault => s3Error(400, "ExpiredToken", "The provided token has expired."),
  invalidAccessKeyId: (): Fault =>
    s3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."),
  signatureDoesNotMatch: (): Fault =>
    s3Error(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    ),
  reset: (): Fault => ({ kind: "reset" }),
  slow: (ms: number): Fault => ({ kind: "delay", ms }),
};

export function s3Error(status: number, code: string, message: string): Fault {
  return { kind: "error", status, code, message };
}

export interface RecordedRequest {
  method: string;
  /** The raw request target, e.g. "/bucket/a%20b.txt?x-id=PutObject". */
  url: string;
  /** The decoded path, e.g. "/bucket/a b.txt". */
  path: string;
  headers: IncomingHttpHeaders;
  /** The fault this request was answered with, if any. */
  fault?: Fault["kind"];
}

export interface InjectOptions {
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Only requests for which this returns true (default: every request). */
  match?: (request: RecordedRequest) => boolean;
}

interface Rule {
  fault: Fault;
  remaining: number;
  match: (request: RecordedRequest) => boolean;
}

export interface FaultProxy {
  /** http://127.0.0.1:<port>; use it as the S3 endpoint. */
  readonly endpoint: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  inject(fault: Fault, options?: InjectOptions): FaultProxy;
  /** Forgets rules and recorded requests. */
  reset(): void;
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Answer PUTs with If-None-Match: * as S3 does (412 when the key exists), which fauxqs does not. */
  conditionalWrites?: boolean;
}

export async function startFaultProxy(upstream: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const target = new URL(upstream);
  const keyLocks = new Map<string, Promise<void>>();
  /** Runs `work` after every earlier holder of `key` released it; `work` releases by resolving its callback. */
  const withKeyLock = (key: string, work: (release: () => void) => void) => {
    const previous = keyLocks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => held);
    keyLocks.set(key, chained);
    void chained.then(() => {
      if (keyLocks.get(key) === chained) keyLocks.delete(key);
    });
    void previous.then(() => work(release));
  };
  const exists = (path: string) =>
    new Promise<boolean>((resolve) => {
      const head = httpRequest({ host: target.hostname, port: target.port, method: "HEAD", path }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      head.on("error", () => resolve(false));
      head.end();
    });
  const rules: Rule[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      url,
      path: safeDecode(url.split("?")[0] ?? "/"),
      headers: req.headers,
    };
    requests.push(recorded);
    const rule = rules.find((r) => r.remaining > 0 && r.match(recorded));
    if (rule) {
      rule.remaining -= 1;
      recorded.fault = rule.fault.kind;
    }
    const fault = rule?.fault;

    const forward = () => {
      const headers = { ...req.headers };
      delete headers.expect; // the proxy already answered 100-continue
      const upstreamReq = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: url, headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on("error", () => res.destroy());
      req.pipe(upstreamReq);
    };

    const conditional =
      options.conditionalWrites && recorded.method === "PUT" && req.headers["if-none-match"] === "*" && !/[?&]uploadId=/.test(url);
    if (!fault && conditional) {
      req.pause();
      withKeyLock(recorded.path, (release) => {
        res.on("close", release);
        void exists(url.split("?")[0] ?? "/").then((taken) => {
          if (!taken) {
            req.resume();
            return forward();
          }
          req.resume();
          req.on("end", () => {
            const body = errorXml("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", recorded.path);
            res.writeHead(412, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
            res.end(body);
          });
        });
      });
      return;
    }
    if (!fault) return forward();
    if (fault.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "delay") {
      req.pause();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) forward();
      }, fault.ms);
      timers.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    req.resume(); // drain the body before answering
    req.on("end", () => {
      const body = req.method === "HEAD" ? "" : errorXml(fault.code, fault.message, recorded.path);
      res.writeHead(fault.status, {
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
        "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
      });
      res.end(body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    inject(fault, options = {}) {
      rules.push({ fault, remaining: options.times ?? 1, match: options.match ?? (() => true) });
      return proxy;
    },
    reset() {
      rules.length = 0;
      requests.length = 0;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

function errorXml(code: string, message: string, resource: string): string {
  const escape = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escape(code)}</Code>` +
    `<Message>${escape(message)}</Message><Resource>${escape(resource)}</Resource>` +
    `<RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`
  );
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
