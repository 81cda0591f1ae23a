import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { isMissing } from "./local-files.js";

/**
 * The first path below `root` along `segments` that is a symbolic link ("a/b"), or undefined when
 * none is. Components that do not exist end the walk: nothing below them can be a link yet.
 *
 * The local store refuses to go through links: a link inside a client folder (what `cp -a`,
 * `tar x` or `rsync -a` copy in) would otherwise let a signed folder link read any file the
 * process can read, the signing key included. The root itself may be a link (the operator's choice).
 */
export async function linkAlong(root: string, segments: readonly string[]): Promise<string | undefined> {
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i]!);
    try {
      if ((await lstat(current)).isSymbolicLink()) return segments.slice(0, i + 1).join("/");
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
  return undefined;
}
