import { spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeShim, startCommandBridge, type CommandBridge } from "../support/command-bridge.js";
import { distCommand, repoRoot, runBash, startDist } from "../support/run-tool.js";
import { documentationFiles, localModeExamples, parseDoc } from "./markdown.js";

/**
 * The documentation's local-mode examples run as written (docs/contributing.md#documentation).
 *
 * A fenced sh block with `<!-- run: local -->` on the line before it is an example that must work
 * against `npm start`. This test starts one fresh local mode (temporary data directory, ports 0)
 * and runs every marked block, in document order (README.md, other top-level *.md, docs/*.md by
 * name), each as one `bash -euo pipefail` script from the repository root with:
 *   - SHARE_DATA_DIR, PORT and EDGE_PORT of that instance, and nothing else of the developer's
 *     project settings;
 *   - TMPDIR inside the test's temporary directory (so `mktemp` leaves nothing behind);
 *   - the admin password npm start printed on stdin (an example reads it with `read`);
 *   - the addresses the docs show, http://localhost:3000 (portal) and http://localhost:3001 (edge),
 *     replaced by the ones the instance printed.
 * A block passes when it exits 0. The examples need curl, jq and openssl: without them the test is
 * skipped, except under CI=true, where it fails.
 *
 * Local mode runs from the test run's shared build (test/support/dist-setup.ts: `node cli.js start`).
 * An `npx` first on PATH runs `npx signed-share ARGS` without npx's 3-4 s: a command of the table
 * (`issue`, `links ...`, `users ...`, `tokens ...`, ...) runs in this process through the command
 * table, with the script's environment (test/support/command-bridge.ts), any other command as
 * `node cli.js ARGS` from the shared build, and anything else goes to the real npx. That `npx
 * signed-share` itself prints pure JSON and passes exit codes through is tested by
 * test/tools/entry-points.test.ts, the dispatcher's routing to the table by
 * test/build/production-bundle.test.ts.
 */

const needed = ["bash", "curl", "jq", "openssl"];
const missing = needed.filter((command) => spawnSync("sh", ["-c", `command -v ${command}`]).status !== 0);
const examples = documentationFiles().flatMap((file) => localModeExamples(parseDoc(file)));

describe.skipIf(missing.length > 0 && !process.env.CI)("documentation examples against local mode", () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let password: string;
  let portalUrl: string;
  let edgeUrl: string;
  let stop: (() => Promise<void>) | undefined;
  let bridge: CommandBridge | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "signed-share-docs-"));
    const dataDir = join(root, "data");
    await mkdir(join(root, "tmp"));
    await mkdir(join(root, "bin"));
    const realNpx = spawnSync("sh", ["-c", "command -v npx"], { encoding: "utf8" }).stdout.trim() || "npx";
    bridge = await startCommandBridge();
    await writeFile(join(root, "bin", "npx"), bridgeShim({ bridgeUrl: bridge.url, node: process.execPath, cli: distCommand([]), realNpx, cwd: repoRoot }));
    await chmod(join(root, "bin", "npx"), 0o755);
    const started = await startDist(["start"], /Press Ctrl\+C to stop/, {
      env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "" },
      timeoutMs: 60_000,
    });
    stop = started.stop;
    const banner = started.output();
    portalUrl = banner.match(/portal\s+(http:\/\/\S+)/)![1]!;
    edgeUrl = banner.match(/edge\s+(http:\/\/\S+)/)![1]!;
    password = banner.match(/sign in as admin with password (\S+)/)![1]!;
    env = { SHARE_DATA_DIR: dataDir, PORT: new URL(portalUrl).port, EDGE_PORT: new URL(edgeUrl).port, TMPDIR: join(root, "tmp"), PATH: [join(root, "bin"), process.env.PATH].join(delimiter) };
  }, 90_000);

  afterAll(async () => {
    await stop?.();
    await bridge?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("has the commands the examples use", () => {
    expect(missing, "install them: apt-get install -y curl jq openssl").toEqual([]);
  });

  it("finds marked examples in the documentation", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))("%s runs as written", async (_, example) => {
    const script = example.script.replaceAll("http://localhost:3000", portalUrl).replaceAll("http://localhost:3001", edgeUrl);
    const result = await runBash(script, { env, input: `${password}\n` });
    expect(result.code, `${example.file}:${example.line} exited ${result.code}\n--- script\n${script}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
  }, 180_000);

  it("ran the table's commands in process", () => {
    expect(bridge!.calls()).toBeGreaterThan(0);
  });
});
