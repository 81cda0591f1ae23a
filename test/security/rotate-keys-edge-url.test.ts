import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { runTool } from "../support/run-tool.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "security-rotate-"));
  await initLocalKeys(localKeysDir(join(dir, "data")));
});
afterEach(() => rm(dir, { recursive: true, force: true }));
const env = () => ({ SHARE_DATA_DIR: join(dir, "data"), EDGE_PORT: "9" });

/** Security review finding 16: `rotate-keys --edge-url ftp://x` was accepted and the edge checks silently skipped. */
describe("rotate-keys --edge-url", () => {
  it.each(["ftp://x", "http://localhost:3001/*", "not a url"])("refuses %j with exit 2 and rotates nothing", async (url) => {
    const before = (await readdir(localKeysDir(join(dir, "data")))).sort();
    const result = await runTool("rotate-keys.ts", ["--yes", "--edge-url", url], { cwd: dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--edge-url must be an http(s) origin");
    expect((await readdir(localKeysDir(join(dir, "data")))).sort()).toEqual(before);
  }, 60_000);

  it("fails with exit 1 when the edge it names does not answer, rotating nothing", async () => {
    const before = (await readdir(localKeysDir(join(dir, "data")))).sort();
    const result = await runTool("rotate-keys.ts", ["--yes", "--edge-url", "http://127.0.0.1:9"], { cwd: dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("does not answer");
    expect((await readdir(localKeysDir(join(dir, "data")))).sort()).toEqual(before);
  }, 60_000);
});
