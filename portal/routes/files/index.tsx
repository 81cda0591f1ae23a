import { Hono } from "hono";
import type { ClientFiles } from "../../../lib/files/client-files.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import type { ReadCache } from "../../sharing/read-cache.js";

export function fileRoutes(_deps: PortalDeps & { files: ClientFiles }, _reads: ReadCache) {
  return new Hono<AppEnv>();
}
