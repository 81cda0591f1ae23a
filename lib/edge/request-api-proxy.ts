import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { pipeline } from "node:stream/promises";
import { HTTP_STATUS } from "../errors.js";
import { REQUEST_API_ORIGIN_PATH } from "./request-api-route.js";

/** Request headers the upload API reads; nothing else of the viewer's reaches the portal. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "content-length", "accept", "user-agent", "x-signed-share-link"];
/** Response headers passed back to the viewer. */
const RETURNED_HEADERS = ["content-type", "content-length", "etag", "retry-after", "cache-control"];

/**
 * What CloudFront's upload API behaviour does in local mode (docs/requests.md#the-upload-api): the
 * request, already allowed by the signature check and the guard, goes to the portal with the origin
 * path in front, body streamed both ways (a part is never held in memory). Returns the status sent.
 */
export async function proxyToRequestApi(portalOrigin: string, req: IncomingMessage, res: ServerResponse, viewerIp: string): Promise<number> {
  const target = new URL(`${portalOrigin.replace(/\/+$/, "")}${REQUEST_API_ORIGIN_PATH}${req.url ?? "/"}`);
  const headers: Record<string, string> = { "x-forwarded-for": viewerIp };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const upstream = send(target, { method: req.method, headers }, (answer) => {
      const out: Record<string, string> = {};
      for (const name of RETURNED_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === "string") out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      pipeline(answer, res).then(() => resolve(answer.statusCode ?? 502), reject);
    });
    upstream.on("error", (error) => {
      if (!res.headersSent) {
        // The API's error document, with the status of its kind (the upload page tries again later on 503).
        res.writeHead(HTTP_STATUS.unavailable, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify({ error: { kind: "unavailable", message: "the portal did not answer: try again in a moment" } }));
        resolve(HTTP_STATUS.unavailable);
      } else reject(error);
    });
    if (req.method === "GET" || req.method === "HEAD") upstream.end();
    else pipeline(req, upstream).catch((error: Error) => upstream.destroy(error));
  });
}
