import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/run-command.js";
import { repoRoot, runBin, runDispatcher, runDist, runScript } from "../support/run-tool.js";
import { isTableGroup, tableCommandOf } from "../../tools/commands/run-command.js";

const scripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts).filter((name) => name !== "test");
/** npm script → dispatcher command: the same name (`npm start` is `signed-share start`). */
const commandOf = (script: string) => script;
/**
 * Each command's --help: the commands of the table (`issue`, `links`, `users`, ...) in process, through
 * the command table the dispatcher hands them to (the dispatcher's own routing to the table is run
 * from the build by test/build/production-bundle.test.ts); the commands that are modules of their
 * own (`start`, `sign`, `keys`, ...) as processes of the run's shared build (node cli.js,
 * test/support/dist-setup.ts), since loading one runs it; `bench` through the checkout's bin (the
 * build leaves it out). `build --help`, the other checkout-only command, is test/build/build-command.test.ts's.
 */
const tableCommand = (command: string) => tableCommandOf([command]) !== undefined || isTableGroup(command);
const runEntry = (args: string[], options: Parameters<typeof runDist>[1] & { env: NodeJS.ProcessEnv }) =>
  tableCommand(args[0]!) ? runInProcess(args, { env: options.env }) : (args[0] === "bench" ? runDispatcher : runDist)(args, options);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "entry-points-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("signed-share, the one command-line entry", { timeout: 120_000 }, () => {
  it("lists a command for every npm script (and the scripts are its aliases)", async () => {
    const result = await runDispatcher(["--help"]);
    expect(result.code).toBe(0);
    const listed = [...result.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(scripts.map(commandOf).sort());
  });

  it.each(scripts.map(commandOf).filter((command) => command !== "build"))("signed-share %s --help prints its usage, exits 0 and starts, creates and asks nothing", async (command) => {
    const data = join(dir, `data-${command.replace(":", "-")}`);
    const result = await runEntry([command, "--help"], { cwd: dir, env: { SHARE_DATA_DIR: data }, stdin: "null" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: signed-share ${command}\\b`));
    expect(existsSync(data)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  // npm start stands for every npm script (each runs its command's module through tsx); `portal
  // --help` itself is a case of the test above.
  it.each(["start"])("npm %s -- --help answers with the usage instead of starting a server", async (script) => {
    const data = join(dir, `npm-${script}`);
    const result = await runScript(script, ["--help"], { env: { SHARE_DATA_DIR: data }, stdin: "null" });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: signed-share ${script}\\b`));
    expect(result.stdout).not.toMatch(/sign in as admin|is running|listening on/i);
    expect(existsSync(data)).toBe(false);
  });

  it("a server entry refuses unknown arguments with exit 2", async () => {
    const result = await runDist(["start", "--port", "4000"], { cwd: dir, env: { SHARE_DATA_DIR: join(dir, "never") } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--port'.*see --help; settings are environment variables/);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});

describe("npx signed-share <command> --json in scripts", { timeout: 240_000 }, () => {
  it("prints pure JSON (no npm banner) and passes the exit code through", async () => {
    const env = { SHARE_DATA_DIR: join(dir, "json-data") };
    // One npx start (3-4 s of CPU): an error, so that both the JSON on stdout and an exit code other
    // than 0 have to come through npx. An error is JSON too: the API's error document, with the exit
    // code of its kind.
    const unknown = await runBin(["links", "revoke", "AAAAAAAAAAAAAAAAAAAAAA", "--json"], { env });
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.stdout)).toEqual({ error: { kind: "not-found", message: "there is no link AAAAAAAAAAAAAAAAAAAAAA" } });

    // Success: the same JSON from the build's cli.js, the command npx starts.
    const listed = await runDist(["links", "list", "--json"], { env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ links: [] });
  });

  it("prints its version", async () => {
    // The checkout's bin is tested by the --help listing above; the version is the build's (the same dispatcher).
    const version = await runDist(["--version"]);
    expect(version.stdout).toBe(`signed-share ${(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version}\n`);
  });

  it("refuses an unknown command with exit 2", async () => {
    const bad = await runDist(["no-such-command"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "no-such-command"/);
  });
});

describe("messages name the command as scripts run it", () => {
  const sources = (folder: string): string[] =>
    readdirSync(join(repoRoot, folder), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));

  it("no message in tools/, lib/ or portal/ tells people to run `npm run <tool>` (only the alias lines of --help)", () => {
    const offending: string[] = [];
    for (const file of ["tools", "lib", "portal"].flatMap(sources)) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const comment = /^\s*(\/\/|\/?\*)/.test(line);
          if (!comment && /npm run (sign|keys|issue|links|users|rotate-keys|edge|bench)\b/.test(line) && !line.includes("Also runs as: npm run")) {
            offending.push(`${file.slice(repoRoot.length + 1)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offending).toEqual([]);
  });
});
