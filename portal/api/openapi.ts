// The OpenAPI 3.1 description of the JSON API, made from the same schemas the operations validate
// with (lib/ops) and the route table (routes.ts), by @hono/zod-openapi. Served at /api/openapi.json
// and checked in as docs/openapi.json (test/api/openapi.test.ts keeps the two equal).
import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { errorResponses } from "./error-responses.js";
import { describeOtherRoutes } from "./other-routes.js";
import { API_ROUTES, pathParameters, type ApiRoute } from "./routes.js";

function routeConfig(route: ApiRoute): RouteConfig {
  const { operation } = route;
  const params = pathParameters(route.path);
  const pick = (fields: readonly string[]) => Object.fromEntries(fields.map((field) => [field, true])) as Record<string, true>;
  const fields = Object.keys(operation.input.shape);
  const queryFields = route.method === "get" ? fields.filter((field) => !params.includes(field)) : (route.query ?? []);
  const bodyFields = route.method === "post" ? fields.filter((field) => !params.includes(field) && !queryFields.includes(field)) : [];
  const body = operation.input.pick(pick(bodyFields));
  const bodyRequired = bodyFields.some((field) => !operation.input.shape[field]!.safeParse(undefined).success);
  return createRoute({
    method: route.method,
    path: route.path,
    operationId: operation.name,
    tags: [operation.name.split(".")[0]!],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    request: {
      ...(params.length > 0 ? { params: operation.input.pick(pick(params)) } : {}),
      ...(queryFields.length > 0 ? { query: operation.input.pick(pick(queryFields)) } : {}),
      ...(bodyFields.length > 0 ? { body: { required: bodyRequired, content: { "application/json": { schema: body } } } } : {}),
    },
    responses: {
      [String(route.status ?? 200)]: { description: operation.summary, content: { "application/json": { schema: operation.result } } },
      ...errorResponses(operation.errors),
    },
  });
}

let cached: ReturnType<OpenAPIHono["getOpenAPI31Document"]> | undefined;

/** The description, the same bytes on every call (no server address: it is relative to the portal serving it). */
export function openApiDocument() {
  if (cached) return cached;
  const api = new OpenAPIHono();
  api.openAPIRegistry.registerComponent("securitySchemes", "token", { type: "http", scheme: "bearer", description: "An API token (signed-share tokens create, or the portal's API tokens page)" });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "signed-share-session",
    description: "The portal's session cookie (POST /sign-in); every POST then sends X-CSRF-Token from GET /api/session",
  });
  for (const route of API_ROUTES) api.openAPIRegistry.registerPath(routeConfig(route));
  describeOtherRoutes(api.openAPIRegistry);
  cached = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "signed-share portal API",
      version: "1",
      description:
        "The portal's JSON API (docs/portal.md#json-api). Every operation is also a command of the signed-share CLI, and the response body here is exactly what the command prints with --json. " +
        "Errors are {\"error\": {\"kind\", \"message\", \"field\"?}} with the status of their kind.",
    },
    security: [{ token: [] }, { session: [] }],
  });
  return cached;
}

/** The description as checked in (docs/openapi.json): two-space JSON and a final newline. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
