import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isolateTempDir } from "../support/temp-dir-guard.js";

describe("the test run's temp directory guard", () => {
  it("this run has its own temp directory", () => {
    expect(tmpdir()).toMatch(/signed-share-test-run-/);
  });

  it("reports what a test left (not the tools' caches), and removes it all", () => {
    const outer = tmpdir();
    let reported: string[] = [];
    const done = isolateTempDir((left) => (reported = left));
    const inner = tmpdir();
    expect(inner).not.toBe(outer);
    writeFileSync(join(inner, "left-behind.txt"), "x");
    mkdirSync(join(inner, "tsx-0"));
    done();
    expect(tmpdir()).toBe(outer);
    expect(reported).toEqual(["left-behind.txt"]);
    expect(existsSync(inner)).toBe(false);
  });
});
