import type { IncomingMessage, ServerResponse } from "node:http";
import { guardResponseBody, isGuardResponse, loadGuard, viewerRequestEvent, type GuardHandler, type GuardStore } from "./guard-runtime.js";
import { guardSourceWith, type GuardSettings } from "./guard-settings.js";
import { GUARD_FUNCTION_FILE, guardFunctionSource } from "./guard-source.js";
import { guardPageSettings } from "../denied-page.js";
import type { RefusalBrand } from "./refusal-texts.js";

/** The X-Deny-Reason the local edge adds to a response the guard function generated. */
export const GUARD_DENY_REASON = "guard";

/**
 * The local edge's viewer-request step: the guard function file, reading `store` as its KeyValueStore,
 * with the settings CloudFront's copy gets from the stack (local mode: SHARE_LEGACY_LINKS_UNTIL).
 */
export function edgeGuard(store: GuardStore, settings: GuardSettings = {}, clock?: () => Date): GuardHandler {
  return loadGuard(store, guardSourceWith(guardFunctionSource(), settings, GUARD_FUNCTION_FILE), clock ? { now: clock } : {});
}

/**
 * Runs the guard for a request the signature check allowed. Returns undefined when the guard
 * passed the request on (the edge then serves it), or the status it answered with (already sent).
 */
export async function answerByGuard(guard: GuardHandler, req: IncomingMessage, res: ServerResponse, viewerIp: string): Promise<number | undefined> {
  const result = await guard(viewerRequestEvent({ method: req.method ?? "GET", rawUrl: req.url ?? "/", headers: req.headers, ip: viewerIp }));
  if (!isGuardResponse(result)) return undefined;
  const body = guardResponseBody(result);
  const headers: Record<string, string | number> = { "Content-Length": Buffer.byteLength(body), "X-Deny-Reason": GUARD_DENY_REASON };
  for (const [name, header] of Object.entries(result.headers ?? {})) headers[name] = header.value;
  res.writeHead(result.statusCode, result.statusDescription ?? "", headers);
  res.end(req.method === "HEAD" ? undefined : body);
  return result.statusCode;
}
