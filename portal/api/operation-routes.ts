import { Hono, type Context } from "hono";
import { InvalidRequestError } from "../../lib/errors.js";
import { requireUser } from "../auth/require-role.js";
import type { PortalDeps } from "../deps.js";
import type { AppEnv, SignedInEnv } from "../env.js";
import { operationRunner } from "../operations.js";
import type { RunContext } from "../../lib/ops/operation.js";
import type { UploadTokens } from "../../lib/files/upload-session.js";
import { PART_PATH } from "../routes/api/upload-part.js";
import type { ReadCache } from "../sharing/read-cache.js";
import { API_ROUTES, honoPath, pathParameters, type ApiRoute } from "./routes.js";

/**
 * The operations' routes of the JSON API: the input is the path parameters, the query (GET, and the
 * fields a POST names) and the JSON body together, validated by the operation; the response is the
 * operation's result document, or an error document with the status of its kind (app.onError).
 */
export function operationRoutes(deps: PortalDeps, reads: ReadCache, uploadTokens: UploadTokens) {
  const run = operationRunner(deps, reads, "api");
  const app = new Hono<AppEnv>();
  for (const route of API_ROUTES) {
    app.on(route.method.toUpperCase(), honoPath(route.path), requireUser(), async (c: Context<AppEnv & SignedInEnv>) => {
      return c.json(await run(c, route.operation, await inputOf(c, route), contextOf(c)), route.status ?? 200);
    });
  }
  /** The uploads family's door: sessions sealed with the portal's secret, local part URLs on this portal's address. */
  const contextOf = (c: Context): RunContext => ({
    uploads: {
      tokens: uploadTokens,
      partUrl: (grant) => `${deps.portalUrl ?? new URL(c.req.url).origin}${PART_PATH}?t=${encodeURIComponent(grant)}`,
    },
  });
  return app;
}

async function inputOf(c: Context<AppEnv & SignedInEnv>, route: ApiRoute): Promise<Record<string, unknown>> {
  const params = pathParameters(route.path);
  const fields = Object.keys(route.operation.input.shape);
  const fromQuery = route.method === "get" ? fields.filter((field) => !params.includes(field)) : (route.query ?? []);
  const input: Record<string, unknown> = {};
  for (const field of fromQuery) {
    const value = c.req.query(field);
    if (value !== undefined && value !== "") input[field] = value;
  }
  if (route.method === "post") {
    const body = await jsonBody(c);
    for (const [field, value] of Object.entries(body)) {
      if (params.includes(field)) throw new InvalidRequestError(`${field}: given in the path; leave it out of the body`, { field });
      input[field] = value;
    }
  }
  for (const param of params) input[param] = c.req.param(param);
  return input;
}

/** The JSON object of a POST; no body at all is an empty object. */
async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  const type = c.req.header("content-type") ?? "";
  let body: unknown;
  try {
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new Error("not JSON");
    body = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('body: send a JSON object, e.g. {"expires":"7d"}, with Content-Type: application/json', { field: "body" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidRequestError("body: send a JSON object", { field: "body" });
  return body as Record<string, unknown>;
}
