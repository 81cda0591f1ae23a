import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { runTool, runToolOnTerminal, scriptCommand } from "../support/run-tool.js";

/** rotate-keys revokes every link: only a person at a terminal, or --yes, may say go. */
describe("rotate-keys confirmation", { timeout: 120_000 }, () => {
  let dir: string;
  const env = () => ({ SHARE_DATA_DIR: join(dir, "data"), EDGE_PORT: "9" });
  const noEdge = ["--propagation-wait", "0s"];
  const state = async () => ({ active: (await new LocalKeyStore(localKeysDir(join(dir, "data"))).active()).keyPairId, keys: (await readdir(localKeysDir(join(dir, "data")))).sort() });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotate-confirm-"));
    expect((await runTool("keys-init.ts", [], { cwd: dir, env: env() })).code).toBe(0);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("with stdin from /dev/null and no --yes: exit 2, says nothing changed and to pass --yes, changes nothing", async () => {
    const before = await state();
    const result = await runTool("rotate-keys.ts", noEdge, { cwd: dir, env: env(), stdin: "null" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not confirmed: standard input is not a terminal.*nothing was changed\. Pass --yes/);
    expect(result.stdout).toBe("");
    expect(await state()).toEqual(before);
    expect(await readdir(join(dir, "data", "portal")).catch(() => [])).not.toContain("rotation");
  });

  it("with a pipe, even one that says yes, and --json: exit 2 and one JSON object saying nothing changed", async () => {
    const before = await state();
    const result = await runTool("rotate-keys.ts", [...noEdge, "--json"], { cwd: dir, env: env(), input: "y\n" });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "aborted", changed: false, error: expect.stringMatching(/--yes/) });
    expect(await state()).toEqual(before);
  });

  it("with --yes and no terminal: rotates", async () => {
    const before = await state();
    const result = await runTool("rotate-keys.ts", [...noEdge, "--yes"], { cwd: dir, env: env(), stdin: "null" });
    expect(result.code).toBe(0);
    expect((await state()).active).not.toBe(before.active);
  });

  describe.skipIf(!scriptCommand)("on a terminal", () => {
    it("asks; anything but yes changes nothing and exits 2", async () => {
      const before = await state();
      const result = await runToolOnTerminal("rotate-keys.ts", noEdge, { cwd: dir, env: env(), input: "n\n" });
      expect(result.stdout).toMatch(/Proceed\? \[y\/N\]/);
      expect(result.stdout).toMatch(/not confirmed: nothing was changed\. Pass --yes/);
      expect(result.code).toBe(2);
      expect(await state()).toEqual(before);
    });

    it("asks; yes rotates", async () => {
      const before = await state();
      const result = await runToolOnTerminal("rotate-keys.ts", noEdge, { cwd: dir, env: env(), input: "yes\n" });
      expect(result.stdout).toMatch(/Proceed\? \[y\/N\]/);
      expect(result.code).toBe(0);
      expect((await state()).active).not.toBe(before.active);
    });
  });
});
