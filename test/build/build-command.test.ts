// `npm run build`'s command line: help, usage errors, and never deleting what is not a build.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { runTool } from "../support/run-tool.js";

const tmp = mkdtempSync(join(tmpdir(), "build-command-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// Each test starts tsx: slow on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

// The entry-point check of every command's --help (test/tools/entry-points.test.ts) leaves `build` to this one.
it("--help describes the outputs, exits 0 and builds, creates and asks nothing", async () => {
  const cwd = join(tmp, "help");
  mkdirSync(cwd);
  const result = await runTool("build.ts", ["--help"], { cwd, env: { SHARE_DATA_DIR: join(cwd, "data") }, stdin: "null" });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Usage: signed-share build\b/);
  expect(result.stdout).toContain("signing-worker.js");
  expect(readdirSync(cwd)).toEqual([]);
});

it("an unknown option is a usage error (exit 2)", async () => {
  const result = await runTool("build.ts", ["--out", "x"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: Unknown option '--out'.*\(see --help\)\n$/);
});

it("refuses a directory holding anything but a build, and leaves it as it was", async () => {
  const source = join(tmp, "portal");
  mkdirSync(source);
  writeFileSync(join(source, "app.ts"), "precious\n");
  writeFileSync(join(source, "portal.js"), "old build\n");
  const result = await runTool("build.ts", ["--outdir", source]);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`error: ${source} holds files that are not a build (app.ts): choose an empty directory or an earlier build\n`);
  expect(existsSync(join(source, "app.ts"))).toBe(true);
  expect(existsSync(join(source, "portal.js"))).toBe(true);
});

it("refuses a file as the output directory", async () => {
  const file = join(tmp, "a-file");
  writeFileSync(file, "");
  const result = await runTool("build.ts", ["--outdir", file]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/is a file, not a directory/);
});
