// The routes under /api that are not (yet) operations of lib/ops, described from the schemas their
// handlers validate with, so that /api/openapi.json names every route (test/api/openapi.test.ts).
// The files, uploads and tokens families move into lib/ops next; their entries here go with them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { abortBody, completeBody, createClientBody, deleteBody, partsBody, startBody } from "../routes/api/files.js";
import { createTokenBody } from "../routes/api/tokens.js";
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
    method: "get",
    path: "/api/clients/{client}/files",
    tags: ["files"],
    summary: "A client's files, a page at a time",
    description: "In key order, at most limit files (default 1,000) per page; next, when more follow, is passed back as cursor. The scan statuses are read for the page's files only.",
    request: {
      params: client,
      query: z.object({
        limit: z.string().regex(/^(1000|[1-9][0-9]{0,2})$/).optional().meta({ description: "Files per page, 1 to 1000 (default 1000)" }),
        cursor: z.string().optional().meta({ description: "The next of the previous page" }),
      }),
    },
    responses: {
      200: json(
        z.object({
          client: z.string(),
          files: z.array(
            z.object({
              path: z.string(),
              size: z.number().int(),
              lastModified: z.string(),
              scan: z.string().meta({ description: "The malware scan's status: clean, infected, pending, failed, unsupported, ... or off (docs/scanning.md)" }),
              scanDetail: z.string().optional(),
            }),
          ),
          next: z.string().optional().meta({ description: "More files follow: pass it as cursor for the next page" }),
        }),
        "The files",
      ),
      ...errorResponses(["not-found"]),
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
  post("/api/clients", "Create a client: an empty folder and its profile", createClientBody, 201, ["conflict"]);
  post("/api/clients/{client}/files/delete", "Delete a file, or a folder with folder: true", deleteBody, 200, ["not-found"], client);
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
  registry.registerPath({
    method: "get",
    path: "/api/tokens",
    tags: ["tokens"],
    summary: "The API tokens, with last use (admin session only; never a token or its hash)",
    responses: { 200: json(anyObject, "The tokens"), ...errorResponses([]) },
  });
  post("/api/tokens", "Create an API token: shown once (admin session only)", createTokenBody, 201, ["conflict"]);
  registry.registerPath({
    method: "post",
    path: "/api/tokens/{id}/revoke",
    tags: ["tokens"],
    summary: "Revoke an API token (admin session only)",
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(anyObject, "The revoked token"), ...errorResponses(["not-found"]) },
  });
}
