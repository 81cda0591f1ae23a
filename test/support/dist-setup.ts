/**
 * vitest globalSetup: the production bundle, built once per test run by `signed-share build --outdir
 * <temp> --json` (what `npm run build` runs) into the run's temp directory and shared by every test file
 * through inject("dist"); what the build printed is inject("distBuild"). Tests that
 * must start a real entry point (exit codes, stdout purity, terminals) run it from there with plain
 * node (0.3 s) instead of tsx (1-2 s) or npx (3-4 s): see runTool and runDist in run-tool.ts and
 * docs/contributing.md#tests. Removed at the end of the run (before the temp directory is checked:
 * teardowns run in reverse order).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { repoRoot, tsxLoader } from "./tsx-loader.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The directory of the shared build: cli.js, portal.js, lambda.js, signing-worker.js, package.json. */
    dist: string;
    /** What the build command printed, and its exit code. */
    distBuild: { code: number | null; stdout: string; stderr: string };
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "signed-share-dist-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const built = spawnSync(process.execPath, ["--import", tsxLoader, join(repoRoot, "tools", "build.ts"), "--outdir", dir, "--json"], { encoding: "utf8" });
    if (built.status !== 0) throw new Error(`signed-share build failed (exit ${built.status}):\n${built.stderr}`);
    project.provide("distBuild", { code: built.status, stdout: built.stdout, stderr: built.stderr });
    // V8's compiled code of cli.js for every start of the run (test/support/code-cache.cjs).
    const cached = spawnSync(process.execPath, ["--require", join(__dirname, "code-cache.cjs"), join(dir, "cli.js"), "--version"], {
      env: { ...process.env, SIGNED_SHARE_CODE_CACHE: dir, SIGNED_SHARE_CODE_CACHE_WRITE: "1" },
      encoding: "utf8",
    });
    if (cached.status !== 0) throw new Error(`cli.js --version failed while making its code cache:\n${cached.stderr}`);
  } catch (error) {
    remove();
    throw error;
  }
  project.provide("dist", dir);
  return remove;
}
