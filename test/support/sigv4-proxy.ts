/**
 * A proxy for tests that checks presigned S3 URLs the way S3 does, in front of an endpoint that
 * checks nothing (fauxqs 1.9.2 ignores signatures). A request whose query carries X-Amz-Signature
 * is verified (Signature Version 4, query form): the canonical request is rebuilt from the method,
 * the path as sent, the query without the signature, and the *received* value of every header named
 * in X-Amz-SignedHeaders; a signature that does not match, or an expired URL, gets S3's 403 XML.
 * Everything else is forwarded untouched. Written from the SigV4 specification, independently of
 * the AWS SDK that signs.
 *
 *   const proxy = await startSigV4Proxy(s3.endpoint, s3.credentials);
 *   const store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint }), bucket);
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface SigV4Proxy {
  readonly endpoint: string;
  /** Every presigned request checked: its path, the signed headers and whether it passed. */
  readonly checked: { method: string; path: string; signedHeaders: string[]; ok: boolean; reason?: string }[];
  stop(): Promise<void>;
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
/** RFC 3986 encoding, as SigV4 requires for the canonical query. */
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function verify(req: IncomingMessage, credentials: { accessKeyId: string; secretAccessKey: string }, now: Date): { ok: true; signedHeaders: string[] } | { ok: false; reason: string; signedHeaders: string[] } {
  const target = req.url ?? "/";
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  const pairs = (q === -1 ? "" : target.slice(q + 1))
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf("=");
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
      return eq === -1 ? [decode(pair), ""] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    }) as [string, string][];
  const param = (name: string) => pairs.find(([n]) => n === name)?.[1];
  const signedHeaders = (param("X-Amz-SignedHeaders") ?? "").split(";").filter(Boolean);
  const fail = (reason: string) => ({ ok: false as const, reason, signedHeaders });
  const [accessKeyId, date, region, service, terminal] = (param("X-Amz-Credential") ?? "").split("/");
  if (param("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || terminal !== "aws4_request") return fail("not a SigV4 presigned URL");
  if (accessKeyId !== credentials.accessKeyId) return fail("unknown access key");
  const amzDate = param("X-Amz-Date") ?? "";
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (Number.isNaN(signedAt) || now.getTime() > signedAt + Number(param("X-Amz-Expires") ?? 0) * 1000) return fail("expired");
  if (!signedHeaders.includes("host")) return fail("host is not signed");

  const canonicalQuery = pairs
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [rfc3986(name), rfc3986(value)])
    .sort(([a, av], [b, bv]) => (a! < b! ? -1 : a! > b! ? 1 : av! < bv! ? -1 : av! > bv! ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders.map((name) => {
    const value = req.headers[name];
    return `${name}:${(Array.isArray(value) ? value.join(",") : (value ?? "")).trim().replace(/\s+/g, " ")}\n`;
  });
  const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders.join(""), signedHeaders.join(";"), param("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD"].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), service!), "aws4_request");
  const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return expected === param("X-Amz-Signature") ? { ok: true, signedHeaders } : fail("signature does not match");
}

export async function startSigV4Proxy(upstream: string, credentials: { accessKeyId: string; secretAccessKey: string }, clock: () => Date = () => new Date()): Promise<SigV4Proxy> {
  const target = new URL(upstream);
  const checked: SigV4Proxy["checked"] = [];
  const server = createServer((req, res) => {
    if (/[?&]X-Amz-Signature=/.test(req.url ?? "")) {
      const result = verify(req, credentials, clock());
      checked.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, signedHeaders: result.signedHeaders, ok: result.ok, ...(result.ok ? {} : { reason: result.reason }) });
      if (!result.ok) {
        req.resume();
        req.on("end", () => {
          const code = result.reason === "expired" ? "AccessDenied" : "SignatureDoesNotMatch";
          const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${result.reason}</Message></Error>`;
          res.writeHead(403, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
          res.end(body);
        });
        return;
      }
    }
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    checked,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
