// The routes under /api that are not operations of lib/ops, described here so that /api/openapi.json
// names every route (test/api/openapi.test.ts): this description, the session, and local mode's part
// PUT (a body of bytes authorised by its signed URL, not an operation's JSON).
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { errorResponses } from "./error-responses.js";

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const anyObject = z.looseObject({});
const client = z.object({ client: z.string().meta({ description: "The client folder's name" }) });

export function describeOtherRoutes(registry: OpenAPIHono["openAPIRegistry"]): void {
  registry.registerPath({
    method: "get",
    path: "/api/openapi.json",
    tags: ["api"],
    summary: "This description (no sign-in needed)",
    security: [],
    responses: { 200: json(anyObject, "The OpenAPI 3.1 document") },
  });
  registry.registerPath({
    method: "get",
    path: "/api/session",
    tags: ["api"],
    summary: "Who is signed in, and the CSRF token every POST of a cookie session sends as X-CSRF-Token",
    responses: {
      200: json(z.object({ user: z.object({ name: z.string(), role: z.enum(["admin", "operator"]), source: z.enum(["local", "oidc", "token"]) }), csrfToken: z.string().nullable() }), "The session"),
      ...errorResponses([]),
    },
  });
  registry.registerPath({
    method: "put",
    path: "/api/uploads/part",
    tags: ["uploads"],
    summary: "Local mode: one part of an upload, to the signed part URL that POST /api/uploads/parts gave (no sign-in: the URL is the authority)",
    security: [],
    request: { query: z.object({ t: z.string().meta({ description: "The signed part grant" }) }), body: { required: true, content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } } } },
    responses: { 200: json(z.object({ partNumber: z.number().int(), etag: z.string() }), "The part is stored"), ...errorResponses(["gone"]) },
  });
}
