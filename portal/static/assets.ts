import { createHash } from "node:crypto";
import { PART_UPLOADER_SCRIPT } from "../../lib/files/part-uploader-script.js";
import { FAVICON_SVG } from "../../lib/pages/favicon.js";
import { assetText } from "./asset-text.js";

export interface Asset {
  body: string;
  contentType: string;
  etag: string;
  /** URL with a content version, so that the long cache never serves a stale file. */
  href: string;
}

function load(file: string, contentType: string, body = assetText(file)): Asset {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 16);
  return { body, contentType, etag: `"${hash}"`, href: `/static/${file}?v=${hash}` };
}

/** Files the portal serves itself (never from a CDN), read once at start-up. */
export const assets = {
  "style.css": load("style.css", "text/css; charset=utf-8"),
  "copy.js": load("copy.js", "text/javascript; charset=utf-8"),
  "selection.js": load("selection.js", "text/javascript; charset=utf-8"),
  "favicon.svg": load("favicon.svg", "image/svg+xml", FAVICON_SVG),
  // What upload.js shares with a file request's upload page, which inlines it (lib/files/part-uploader-script.ts).
  "part-uploader.js": load("part-uploader.js", "text/javascript; charset=utf-8", PART_UPLOADER_SCRIPT),
  "upload.js": load("upload.js", "text/javascript; charset=utf-8"),
  "times.js": load("times.js", "text/javascript; charset=utf-8"),
} satisfies Record<string, Asset>;
