import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { assets } from "../static/assets.js";

/** The portal's own stylesheet (and later assets): long cache, ETag, no session. */
export function staticRoutes() {
  return new Hono<AppEnv>()
    // Browsers ask for /favicon.ico on pages that name no icon (JSON responses, a 404 of the server).
    .get("/favicon.ico", (c) => c.redirect(assets["favicon.svg"].href, 301))
    .get("/static/:file", (c) => {
    const file = c.req.param("file");
    const asset = Object.hasOwn(assets, file) ? assets[file as keyof typeof assets] : undefined;
    if (!asset) return c.notFound();
    c.header("ETag", asset.etag);
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    c.header("Content-Type", asset.contentType);
    return c.body(asset.body);
  });
}
