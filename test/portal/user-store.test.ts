import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore, UserStoreError } from "../../lib/users/user-store.js";

let dir: string;
let users: UserStore;
const PASSWORD = "a-long-enough-password";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "user-store-"));
  users = new UserStore(new LocalObjectStore(dir), () => new Date("2026-03-02T09:00:00Z"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("UserStore", () => {
  it("stores a scrypt hash with a random salt under portal/users/<name>.json, never the password", async () => {
    await users.add("alice", "admin", PASSWORD);
    await users.add("bob", "admin", PASSWORD);
    const alice = JSON.parse(await readFile(join(dir, "portal/users/alice.json"), "utf8"));
    const bob = JSON.parse(await readFile(join(dir, "portal/users/bob.json"), "utf8"));
    expect(alice).toMatchObject({ name: "alice", role: "admin", createdAt: "2026-03-02T09:00:00.000Z" });
    expect(alice.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(alice.passwordHash).not.toBe(bob.passwordHash);
    expect(JSON.stringify(alice)).not.toContain(PASSWORD);
  });

  it("verifies the right password and refuses a wrong one or an unknown user", async () => {
    await users.add("alice", "operator", PASSWORD);
    expect(await users.verify("alice", PASSWORD)).toMatchObject({ name: "alice", role: "operator" });
    expect(await users.verify("alice", PASSWORD + "x")).toBeUndefined();
    expect(await users.verify("nobody", PASSWORD)).toBeUndefined();
    expect(await users.verify("../etc", PASSWORD)).toBeUndefined();
  });

  it("changes a password: the old one stops working", async () => {
    await users.add("alice", "operator", PASSWORD);
    await users.setPassword("alice", "the-new-password-456");
    expect(await users.verify("alice", PASSWORD)).toBeUndefined();
    expect(await users.verify("alice", "the-new-password-456")).toBeDefined();
  });

  it("lists users by name without hashes, and removes them", async () => {
    await users.add("zoe", "operator", PASSWORD);
    await users.add("alice", "admin", PASSWORD);
    const list = await users.list();
    expect(list.map((u) => [u.name, u.role])).toEqual([
      ["alice", "admin"],
      ["zoe", "operator"],
    ]);
    expect(JSON.stringify(list)).not.toContain("scrypt");
    await users.remove("zoe");
    expect((await users.list()).map((u) => u.name)).toEqual(["alice"]);
  });

  it.each([
    ["Alice", "invalid-name"],
    ["a/b", "invalid-name"],
    ["", "invalid-name"],
    ["x".repeat(65), "invalid-name"],
  ])("refuses the user name %j", async (name, code) => {
    await expect(users.add(name, "operator", PASSWORD)).rejects.toMatchObject({ code });
  });

  it("refuses passwords shorter than 12 characters", async () => {
    await expect(users.add("alice", "operator", "elevenchars")).rejects.toMatchObject({ code: "weak-password" });
    await expect(users.add("alice", "operator", "twelve-chars")).resolves.toBeDefined();
  });

  it("refuses to add an existing user, or change or remove a missing one", async () => {
    await users.add("alice", "operator", PASSWORD);
    await expect(users.add("alice", "admin", PASSWORD)).rejects.toBeInstanceOf(UserStoreError);
    await expect(users.setPassword("bob", PASSWORD)).rejects.toMatchObject({ code: "not-found" });
    await expect(users.remove("bob")).rejects.toMatchObject({ code: "not-found" });
  });
});
