// Events as API Gateway's HTTP API sends them to a Lambda proxy integration, payload format 2.0
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
// lower-case header names, cookies in their own array (not in headers), duplicate query values joined
// with commas, the body as text or base64 with isBase64Encoded.

export const API_DOMAIN = "r4nd0m1d.execute-api.eu-central-1.amazonaws.com";
export const SOURCE_IP = "198.51.100.23";

export interface HttpApiEvent {
  version: "2.0";
  routeKey: "$default";
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: "$default";
    stage: "$default";
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** What the handler returns to API Gateway (payload format 2.0 response). */
export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export interface EventOptions {
  headers?: Record<string, string>;
  /** "name=value" pairs the browser sends. */
  cookies?: string[];
  body?: string;
  /** Send the body base64-encoded, as API Gateway does for form posts and binary bodies. */
  base64?: boolean;
  sourceIp?: string;
  domainName?: string;
}

let requestCount = 0;

export function httpApiEvent(method: string, target: string, options: EventOptions = {}): HttpApiEvent {
  const url = new URL(target, "https://placeholder.invalid");
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const domainName = options.domainName ?? API_DOMAIN;
  const now = new Date();
  const event: HttpApiEvent = {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: {
      accept: "text/html,application/xhtml+xml",
      "content-length": String(options.body === undefined ? 0 : Buffer.byteLength(options.body)),
      host: domainName,
      "user-agent": "Mozilla/5.0 (test)",
      "x-amzn-trace-id": `Root=1-${requestCount.toString(16).padStart(8, "0")}-000000000000000000000000`,
      "x-forwarded-for": options.sourceIp ?? SOURCE_IP,
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
    },
    requestContext: {
      accountId: "123456789012",
      apiId: domainName.split(".")[0]!,
      domainName,
      domainPrefix: domainName.split(".")[0]!,
      http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: options.sourceIp ?? SOURCE_IP, userAgent: "Mozilla/5.0 (test)" },
      requestId: `req-${++requestCount}`,
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: Boolean(options.base64),
  };
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (options.cookies && options.cookies.length > 0) event.cookies = options.cookies;
  if (options.body !== undefined) event.body = options.base64 ? Buffer.from(options.body).toString("base64") : options.body;
  return event;
}

/** A form post as a browser sends it through API Gateway. */
export function formPost(target: string, fields: Record<string, string>, options: Omit<EventOptions, "body"> = {}): HttpApiEvent {
  return httpApiEvent("POST", target, {
    ...options,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: `https://${options.domainName ?? API_DOMAIN}`, ...options.headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The "name=value" part of each Set-Cookie of a result, for the next request's `cookies`. */
export function cookiesOf(result: HttpApiResult): string[] {
  return (result.cookies ?? []).map((cookie) => cookie.split(";")[0]!);
}
