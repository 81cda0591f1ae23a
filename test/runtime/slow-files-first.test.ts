// The sequencer that starts the longest test files first (test/support/slow-files-first.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";

// An ES module, like the vitest config that uses it.
const sequencer = () => import("../support/slow-files-first.mjs");

describe("slow files first", () => {
  it("puts the listed files first, in the list's order, and keeps the others in the order they came", async () => {
    const { slowFilesFirst } = await sequencer();
    const files = ["a.test.ts", "slow-2.test.ts", "b.test.ts", "slow-1.test.ts", "c.test.ts"];
    expect(slowFilesFirst(files, (file) => file, ["slow-1.test.ts", "slow-2.test.ts", "gone.test.ts"])).toEqual([
      "slow-1.test.ts",
      "slow-2.test.ts",
      "a.test.ts",
      "b.test.ts",
      "c.test.ts",
    ]);
  });

  it("test/slow-files.txt names test files that exist, each once (a renamed file would silently start late)", async () => {
    const listed = (await sequencer()).readSlowFiles();
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed).size).toBe(listed.length);
    for (const path of listed) {
      expect(path, path).toMatch(/^test\/.+\.test\.tsx?$/);
      expect(existsSync(join(repoRoot, path)), path).toBe(true);
    }
  });
});
