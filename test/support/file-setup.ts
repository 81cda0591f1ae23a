/**
 * vitest setup file, run before every test file (docs/contributing.md#tests). Test files share their
 * worker's module cache (`isolate: false` in vitest.config.mts: each module is imported once per
 * worker, not once per file), so what one file changes in the process must not reach the next:
 * - password hashes made in the test process use a cheap scrypt cost, so fixtures that add users or
 *   sign in cost no CPU to speak of (processes the tests start keep the product's cost);
 * - the environment is put back as it was after each file (some set AWS_* or SHARE_* for the code
 *   they run in process);
 * - with SIGNED_SHARE_TEST_CPU=<file>, each file's CPU seconds are appended to <file> (cpu-usage.ts).
 */
import { relative } from "node:path";
import { afterAll, expect } from "vitest";
import { useCheapPasswordHashingInTests } from "../../lib/users/password.js";
import { measureFile } from "./cpu-usage.js";
import { restoreEnvironment } from "./environment.js";

useCheapPasswordHashingInTests();

const cpuReport = process.env.SIGNED_SHARE_TEST_CPU;
if (cpuReport) {
  // From before the test file is imported to after its last hook.
  const done = measureFile(cpuReport);
  afterAll(() => done(relative(process.cwd(), expect.getState().testPath ?? "unknown")));
}

const original = process.env;
const environment = { ...process.env };
afterAll(() => {
  const replaced = process.env !== original;
  process.env = original;
  restoreEnvironment(environment);
  if (replaced) throw new Error("this test file replaced process.env: change it in place or with vi.stubEnv, and restore it with restoreEnvironment (test/support/environment.ts)");
});
