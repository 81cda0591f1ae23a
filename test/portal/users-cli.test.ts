// signed-share users ...: the command table's users commands, in process (test/support/run-command.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { runInProcess } from "../support/run-command.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "users-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const users = (args: string[], stdin = "") => runInProcess(["users", ...args], { env: { SHARE_DATA_DIR: dataDir }, stdin });
const store = () => new UserStore(new LocalObjectStore(dataDir));

describe("signed-share users", () => {
  it("adds a user with the password from stdin, and that password verifies", async () => {
    const result = await users(["add", "carol", "--role", "admin", "--password-stdin"], "carols-password-123\n");
    expect(result).toMatchObject({ code: 0, stderr: "added carol (local, admin, active)\n", stdout: "" });
    expect(await store().verify("carol", "carols-password-123")).toMatchObject({ role: "admin" });
  });

  it("adds a user with a set-password link (a path without PORTAL_URL) or a generated password, each printed alone on stdout", async () => {
    const link = await users(["add", "dora", "--role", "operator", "--link"]);
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/^\/set-password\?user=dora&token=[A-Za-z0-9_-]+\n$/);
    expect(link.stderr).toContain("set PORTAL_URL");
    const generated = await users(["add", "gina", "--role", "operator", "--generate-password"]);
    expect(generated.code).toBe(0);
    const password = generated.stdout.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await store().verify("gina", password)).toBeDefined();
  });

  it("lists users as a table and as the API's JSON document, without hashes", async () => {
    const table = await users(["list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/carol\s+local\s+admin\s+active/);
    expect(table.stdout).toMatch(/dora\s+local\s+operator\s+setup-pending/);
    const json = await users(["list", "--json"]);
    expect(JSON.parse(json.stdout).users).toContainEqual(expect.objectContaining({ name: "carol", role: "admin", source: "local", twoFactor: "off" }));
    expect(json.stdout).not.toMatch(/scrypt|hash|secret/i);
  });

  it("changes a password; the old one stops working", async () => {
    const result = await users(["passwd", "carol", "--password-stdin"], "carols-new-password\n");
    expect(result.code).toBe(0);
    expect(await store().verify("carol", "carols-new-password")).toBeDefined();
    expect(await store().verify("carol", "carols-password-123")).toBeUndefined();
  });

  it("changes a role, disables and enables, signs out everywhere, removes", async () => {
    expect((await users(["role", "gina", "admin"])).code).toBe(0);
    expect((await store().get("gina"))?.role).toBe("admin");
    expect((await users(["disable", "gina"])).code).toBe(0);
    expect(await store().verify("gina", "anything-at-all-1")).toBeUndefined();
    expect((await users(["enable", "gina"])).code).toBe(0);
    expect((await users(["sign-out", "gina"])).stderr).toContain("signed out everywhere");
    expect((await users(["remove", "gina"])).code).toBe(0);
    expect(await store().get("gina")).toBeUndefined();
  });

  it("prints help with exit 0", async () => {
    const result = await users(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("users add");
    expect((await users([])).stdout).toContain("users add");
    expect((await users(["add", "--help"])).stdout).toContain("--password-stdin");
  });

  it.each([
    [["frobnicate"], "give a command of users"],
    [["add", "erin", "--link"], "--role"],
    [["add", "erin", "--role", "root", "--link"], "--role: must be"],
    [["add", "Erin!", "--role", "admin", "--link"], "NAME"],
    [["list", "--colour"], "colour"],
    [["add", "erin", "--role", "admin"], "use --password-stdin"],
    [["add", "erin", "--role", "admin", "--link", "--generate-password"], "do not go together"],
  ])("exits 2 with one line on stderr for the usage error in %j", async (args, message) => {
    const result = await users(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [["add", "frank", "--role", "operator", "--password-stdin"], "short", 2, "at least 12 characters"],
    [["add", "carol", "--role", "operator", "--password-stdin"], "another-password-123", 1, "carol"],
  ])("refuses %j with one line on stderr", async (args, stdin, code, message) => {
    const result = await users(args, stdin);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [["passwd", "nobody", "--password-stdin"], "another-password-123"],
    [["remove", "nobody"], ""],
  ])("exits 3 (not found) for an unknown user in %j", async (args, stdin) => {
    const result = await users(args, stdin);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^not found: .*nobody.*; see the users with: signed-share users list\n$/);
  });
});
