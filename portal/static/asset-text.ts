import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The text of a file of this folder. The production bundle replaces this module with the texts embedded in it. */
export function assetText(file: string): string {
  return readFileSync(join(__dirname, file), "utf8");
}
