import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { runTool } from "../support/run-tool.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "users-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs `tsx tools/users.ts ARGS` with the given stdin (closed stdin when absent, so no TTY). */
const users = (args: string[], stdin = "") => runTool("users.ts", args, { env: { SHARE_DATA_DIR: dataDir }, input: stdin });

const store = () => new UserStore(new LocalObjectStore(dataDir));

describe("npm run users", () => {
  it("adds a user with the password from stdin, and that password verifies", async () => {
    const result = await users(["add", "carol", "--role", "admin", "--password-stdin"], "carols-password-123\n");
    expect(result).toMatchObject({ code: 0, stderr: "added carol (admin)\n" });
    expect(await store().verify("carol", "carols-password-123")).toMatchObject({ role: "admin" });
  });

  it("lists users as a table and as JSON, without hashes", async () => {
    const table = await users(["list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+ROLE/);
    expect(table.stdout).toMatch(/carol\s+admin/);
    const json = await users(["list", "--json"]);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ name: "carol", role: "admin" }));
    expect(json.stdout).not.toContain("scrypt");
  });

  it("changes a password", async () => {
    const result = await users(["passwd", "carol", "--password-stdin"], "carols-new-password\n");
    expect(result.code).toBe(0);
    expect(await store().verify("carol", "carols-new-password")).toBeDefined();
    expect(await store().verify("carol", "carols-password-123")).toBeUndefined();
  });

  it("removes a user", async () => {
    await users(["add", "dave", "--role", "operator", "--password-stdin"], "daves-password-123");
    expect((await users(["remove", "dave"])).code).toBe(0);
    expect(await store().get("dave")).toBeUndefined();
  });

  it("prints help with exit 0", async () => {
    const result = await users(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: signed-share users");
  });

  it.each([
    [[], "missing command"],
    [["frobnicate"], "unknown command"],
    [["add", "erin"], "--role must be"],
    [["add", "erin", "--role", "root"], "--role must be"],
    [["add", "Erin!", "--role", "admin"], "invalid user name"],
    [["list", "--colour"], "Unknown option"],
    [["add", "erin", "--role", "admin"], "use --password-stdin"],
  ])("exits 2 with one line on stderr for the usage error in %j", async (args, message) => {
    const result = await users(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [["add", "frank", "--role", "operator", "--password-stdin"], "short", "password too short: use at least 12 characters"],
    [["add", "carol", "--role", "operator", "--password-stdin"], "another-password-123", 'user "carol" already exists'],
  ])("exits 1 with one line on stderr when %j fails", async (args, stdin, message) => {
    const result = await users(args, stdin);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`failed: ${message}\n`);
  });

  it.each([
    [["passwd", "nobody", "--password-stdin"], "another-password-123"],
    [["remove", "nobody"], ""],
  ])("exits 3 (not found) for an unknown user in %j", async (args, stdin) => {
    const result = await users(args, stdin);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('not found: no such user "nobody"; see the accounts with: signed-share users list\n');
  });
});
