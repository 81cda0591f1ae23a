// The suite's budget (docs/contributing.md#keeping-the-suite-fast): npm, npx and the checkout's bin
// (tsx) cost 1-4 s of CPU a start, so they start only in the tests of those entry points. Every other
// test runs a command in process (runInProcess) or from the run's shared build (runTool, startDist).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";

/** The tests of the entry points themselves: the checkout's bin, npm start / npm run, npx, npm run build. */
const ENTRY_POINT_TESTS = ["test/tools/entry-points.test.ts", "test/build/production-bundle.test.ts", "test/e2e/local-mode.browser.test.ts"];
const SLOW_START = /\b(runScript|startScript|runBin|runDispatcher)\(/;

describe("the suite's budget of process starts", () => {
  it("only the entry points' tests start npm, npx or the checkout's bin", () => {
    const tests = readdirSync(join(repoRoot, "test"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.test\.tsx?$/.test(entry.name))
      .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
    const offending = tests
      .filter((file) => !ENTRY_POINT_TESTS.includes(file))
      .flatMap((file) =>
        readFileSync(join(repoRoot, file), "utf8")
          .split("\n")
          .flatMap((line, i) => (SLOW_START.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending, "run the command in process (runInProcess) or from the shared build (runTool, runDist, startDist)").toEqual([]);
  });
});
