/**
 * An HTTP proxy that answers CORS the way S3 does for a bucket with the given CORS rules, in front
 * of an S3 endpoint that answers no CORS at all (fauxqs). Browsers talk to it as to the bucket:
 *
 *   const cors = await startCorsProxy(s3.endpoint);
 *   cors.setRules(uploadCorsRules(portalOrigin));   // once the portal's origin is known
 *   // presigned URLs for cors.endpoint now work from portalOrigin, and only from there
 *
 * What S3 does (docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): a preflight (OPTIONS with
 * Origin and Access-Control-Request-Method) is allowed by the first rule whose origins, methods and
 * headers all match, and refused with 403 and no CORS headers otherwise; an actual request with an
 * Origin is forwarded either way, and gets Access-Control-Allow-Origin and the rule's exposed
 * headers only when a rule matches its origin and method. Origins may hold one `*` wildcard;
 * header names match case-insensitively.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CorsRule } from "../../infra/upload-cors-rules";

export interface CorsExchange {
  method: string;
  url: string;
  origin?: string;
  /** Whether a rule allowed it (a refused preflight, or an actual request answered without CORS headers, is false). */
  allowed: boolean;
}

export interface CorsProxy {
  /** http://127.0.0.1:<port>; use it as the S3 endpoint. */
  readonly endpoint: string;
  /** Every request that carried an Origin header, in order. */
  readonly exchanges: CorsExchange[];
  /** The bucket's CORS configuration (none at first: every cross-origin request is refused, as S3 does). */
  setRules(rules: readonly CorsRule[]): void;
  stop(): Promise<void>;
}

/** `*` in an allowed origin stands for any run of characters (S3 allows one). */
function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, caseInsensitive ? "i" : "").test(value);
}

/** The first rule that allows `origin` to send `method` with `headers` (lower-case names), as S3 evaluates them. */
export function matchCorsRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[] = []): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((allowed) => wildcard(allowed, origin, false)) &&
      rule.allowedMethods.includes(method) &&
      headers.every((header) => rule.allowedHeaders.some((allowed) => wildcard(allowed, header, true))),
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function allowOrigin(rule: CorsRule, origin: string): string {
  return rule.allowedOrigins.includes("*") ? "*" : origin;
}

export async function startCorsProxy(upstream: string, initialRules: readonly CorsRule[] = []): Promise<CorsProxy> {
  let rules = initialRules;
  const target = new URL(upstream);
  const exchanges: CorsExchange[] = [];

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const method = req.method ?? "GET";
    const origin = first(req.headers.origin);
    const requestedMethod = first(req.headers["access-control-request-method"]);

    if (method === "OPTIONS" && origin !== undefined && requestedMethod !== undefined) {
      const requestedHeaders = (first(req.headers["access-control-request-headers"]) ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      const rule = matchCorsRule(rules, origin, requestedMethod, requestedHeaders);
      exchanges.push({ method, url, origin, allowed: Boolean(rule) });
      req.resume();
      if (!rule) {
        const body =
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code>` +
          `<Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.</Message>` +
          `<Method>${requestedMethod.replace(/[<&>]/g, "")}</Method><ResourceType>OBJECT</ResourceType></Error>`;
        res.writeHead(403, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      const headers: OutgoingHttpHeaders = {
        "access-control-allow-origin": allowOrigin(rule, origin),
        "access-control-allow-methods": rule.allowedMethods.join(", "),
        "access-control-max-age": String(rule.maxAgeSeconds),
        vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
        "content-length": 0,
      };
      if (requestedHeaders.length > 0) headers["access-control-allow-headers"] = requestedHeaders.join(", ");
      if (rule.exposeHeaders.length > 0) headers["access-control-expose-headers"] = rule.exposeHeaders.join(", ");
      if (!rule.allowedOrigins.includes("*")) headers["access-control-allow-credentials"] = "true";
      res.writeHead(200, headers);
      res.end();
      return;
    }

    const rule = origin === undefined ? undefined : matchCorsRule(rules, origin, method);
    if (origin !== undefined) exchanges.push({ method, url, origin, allowed: Boolean(rule) });
    const headers: IncomingHttpHeaders = { ...req.headers };
    delete headers.expect;
    const upstreamReq = httpRequest({ host: target.hostname, port: target.port, method, path: url, headers }, (upstreamRes) => {
      const out: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(upstreamRes.headers)) if (!name.startsWith("access-control-")) out[name] = value;
      if (rule && origin !== undefined) {
        out["access-control-allow-origin"] = allowOrigin(rule, origin);
        out["access-control-allow-methods"] = rule.allowedMethods.join(", ");
        if (rule.exposeHeaders.length > 0) out["access-control-expose-headers"] = rule.exposeHeaders.join(", ");
        if (!rule.allowedOrigins.includes("*")) out["access-control-allow-credentials"] = "true";
        out.vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
      }
      res.writeHead(upstreamRes.statusCode ?? 502, out);
      upstreamRes.pipe(res);
    });
    upstreamReq.on("error", () => res.destroy());
    req.pipe(upstreamReq);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    exchanges,
    setRules(next) {
      rules = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
