import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The repository's root. */
export const repoRoot = join(__dirname, "..", "..");

/** tsx's loader by path (`node --import tsxLoader tools/x.ts`), so that tools run from any working directory. */
export const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;
