/**
 * vitest's test sequencer (`sequence.sequencer` in vitest.config.mts; an ES module, as the config is): the files named in
 * test/slow-files.txt start first, in the order listed, then every other file in vitest's own order.
 *
 * Files are handed to the two workers one at a time, in this order. Without it, a fresh clone (no
 * duration cache) runs the largest files first, and a file that takes a minute could start last and
 * leave one worker idle until it ends. Longest first keeps both workers busy to the end
 * (docs/contributing.md#keeping-the-suite-fast).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The listed files, longest first: one path from the repository root per line, `#` comments. */
export function readSlowFiles(path = fileURLToPath(new URL("../slow-files.txt", import.meta.url))): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "");
}

/** Listed files first, in the list's order; the others keep the order they came in. */
export function slowFilesFirst<T>(files: readonly T[], pathOf: (file: T) => string, slow: readonly string[]): T[] {
  const rank = new Map(slow.map((path, index) => [path, index]));
  const listed = files.filter((file) => rank.has(pathOf(file))).sort((a, b) => rank.get(pathOf(a))! - rank.get(pathOf(b))!);
  return [...listed, ...files.filter((file) => !rank.has(pathOf(file)))];
}

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    return slowFilesFirst(await super.sort(files), (file) => relative(root, file.moduleId).split("\\").join("/"), readSlowFiles());
  }
}
