import { defineConfig } from "vitest/config";
import { SlowFilesFirst } from "./test/support/slow-files-first.mjs";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores, three workers: a test file often waits (for Chromium, a server, a child process), and
    // a third file fills that time; more would only make the files compete for the cores.
    maxWorkers: 3,
    // The longest files start first (test/slow-files.txt), so no long file starts late and runs on alone.
    sequence: { sequencer: SlowFilesFirst },
    // Under `npm test`, the type check runs beside the tests (its errors are printed last and fail the
    // run). The run gets its own temp directory; whatever a test leaves in it fails the run. Then one
    // private clamd for every scanning test, and one production build (dist/) for the tests that start
    // an entry point (removed first: teardowns run in reverse order).
    globalSetup: ["test/support/typecheck-setup.ts", "test/support/temp-dir-guard.ts", "test/support/clamd-setup.ts", "test/support/dist-setup.ts"],
    // Test files of a worker share its module cache: each module (the AWS SDK, hono, ...) is imported
    // once per worker instead of once per file, about half the suite's CPU. The setup file puts back
    // what a file changed in the process (the environment) and makes fixtures' password hashing cheap.
    isolate: false,
    setupFiles: ["test/support/file-setup.ts"],
    env: {
      // The AWS SDK's documented opt-out of its Node 20 end-of-support warning, for test output only
      // (docs/node-versions.md); every other warning still shows.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  },
});
