import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The one guard function file: deployed by infra/edge-guard.ts, run by the local edge and by tests. */
export const GUARD_FUNCTION_FILE = join(__dirname, "viewer-request.js");

/** The guard function's source. The production bundle replaces this module with the text embedded in it. */
export function guardFunctionSource(): string {
  return readFileSync(GUARD_FUNCTION_FILE, "utf8");
}
