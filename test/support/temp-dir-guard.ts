import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Caches that tools used by the tests keep in the temp directory on purpose (tsx's and ts-node's
 * compiled files): not leftovers of a test.
 */
const TOOL_CACHES = [/^tsx-\d+$/, /^ts-node-[0-9a-f]+$/];

/**
 * Gives this process (and every worker and process started after it) its own temp directory through
 * TMPDIR. The returned function restores TMPDIR, removes the directory, and reports by name whatever
 * was left in it apart from tool caches.
 */
export function isolateTempDir(report: (leftovers: string[]) => void): () => void {
  const runDir = mkdtempSync(join(tmpdir(), "signed-share-test-run-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(runDir).filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)));
    rmSync(runDir, { recursive: true, force: true });
    if (left.length > 0) report(left.sort());
  };
}

/**
 * vitest globalSetup: the whole run gets its own temp directory; anything a test leaves in it fails
 * the run, by name, and the directory is removed either way, so a run leaves nothing in the machine's
 * temp directory. Runs of other checkouts on the same machine cannot disturb the check.
 */
export default function setup(): () => void {
  return isolateTempDir((left) => {
    // A throw in a global teardown is only printed by vitest; the exit code is what CI sees.
    process.exitCode = 1;
    process.stderr.write(`\nFAIL temp directory: tests left ${left.length} entries behind (removed now; every test must remove what it creates): ${left.join(", ")}\n`);
  });
}
