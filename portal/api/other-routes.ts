// The routes under /api that are not (yet) operations of lib/ops, described from the schemas their
// handlers validate with, so that /api/openapi.json names every route (test/api/openapi.test.ts).
// The files, uploads and tokens families move into lib/ops next; their entries here go with them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { abortBody, completeBody, partsBody, startBody } from "../routes/api/files.js";
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
  const post = (path: `/api/${string}`, summary: string, body: z.ZodType, status: 200 | 201, kinds: Parameters<typeof errorResponses>[0], params?: z.ZodObject) =>
    registry.registerPath({
      method: "post",
      path,
      tags: [path.startsWith("/api/tokens") ? "tokens" : path.startsWith("/api/uploads") ? "uploads" : "files"],
      summary,
      request: { ...(params ? { params } : {}), body: { required: true, content: { "application/json": { schema: body } } } },
      responses: { [String(status)]: json(anyObject, summary), ...errorResponses(kinds) },
    });
  post("/api/uploads", "Start an upload: the session token, part size and count", startBody, 201, ["not-found", "conflict", "too-large"]);
  post("/api/uploads/parts", "The URLs to PUT the parts of an upload to", partsBody, 200, ["gone"]);
  post("/api/uploads/complete", "Finish an upload", completeBody, 201, ["conflict", "gone"]);
  post("/api/uploads/abort", "Drop an upload", abortBody, 200, ["gone"]);
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
