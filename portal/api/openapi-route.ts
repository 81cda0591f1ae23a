import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { openApiDocument } from "./openapi.js";

/** GET /api/openapi.json: the API's description, for anyone (it holds no secret). */
export function openApiRoutes() {
  return new Hono<AppEnv>().get("/api/openapi.json", (c) => c.json(openApiDocument()));
}
