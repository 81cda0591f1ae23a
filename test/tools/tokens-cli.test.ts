import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { portal, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { runInProcess } from "../support/run-command.js";

const DAY = 86_400_000;
const TOKEN = /^sst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

/** `signed-share tokens` (in process, through the command table) on a data directory that a portal (same library, same storage) serves. */
describe("signed-share tokens", () => {
  let base: TestStore;
  let p: TestPortal;
  let env: NodeJS.ProcessEnv;
  const tokens = (args: string[]) => runInProcess(["tokens", ...args], { env });
  const api = (token: string, path = "/api/clients") => p.app.request(path, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    base = await storeWithUsers();
    env = { SHARE_DATA_DIR: join(base.dir, "data") };
    p = portal(base, { clock: systemClock });
  });
  afterAll(async () => {
    await base.cleanup();
  });

  it("create prints the token once, alone on stdout; the portal's API takes it; storage keeps only its hash", async () => {
    const created = await tokens(["create", "ci-deploy", "--role", "operator", "--expires", "30d"]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(created.stdout).toBe(`${token}\n`);
    expect(token).toMatch(TOKEN);
    expect(created.stderr).toMatch(/^created token ci-deploy \(operator, expires .* UTC\): the line above is the only time it is shown/);
    expect((await api(token)).status).toBe(200);
    const dir = join(base.dir, "data", "portal", "tokens");
    const stored = await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), "utf8")));
    expect(stored.join("")).not.toContain(token);
    expect(stored.join("")).not.toContain(token.slice("sst_0123456789abcdef_".length)); // the secret part
  });

  it("create --json is one JSON value; the actor is --by, or cli:<OS user> without it", async () => {
    const created = await tokens(["create", "nightly", "--role", "admin", "--expires", "12h", "--by", "ops-bot", "--json"]);
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout) as { token: string; summary: Record<string, unknown> };
    expect(created.stdout.trim().split("\n")).toHaveLength(1);
    expect(out.token).toMatch(TOKEN);
    expect(out.summary).toMatchObject({ name: "nightly", role: "admin", createdBy: "ops-bot", status: "active" });
    expect(out.summary).not.toHaveProperty("hash");
    expect(Date.parse(out.summary.expiresAt as string) - Date.now()).toBeGreaterThan(11 * 3_600_000);
    const listed = (await new ApiTokens(base.store, systemClock).list()).find((t) => t.name === "ci-deploy");
    expect(listed?.createdBy).toMatch(/^cli:\S+$/);
  });

  it("ls shows name, role, status, expiry and last use, never a token or a hash", async () => {
    const listed = await tokens(["ls", "--json"]);
    expect(listed.code).toBe(0);
    const { tokens: all } = JSON.parse(listed.stdout) as { tokens: Record<string, unknown>[] };
    expect(all.map((t) => t.name).sort()).toEqual(["ci-deploy", "nightly"]);
    const used = all.find((t) => t.name === "ci-deploy")!;
    expect(used).toMatchObject({ role: "operator", status: "active" });
    expect(typeof used.lastUsedAt).toBe("string"); // the API call above
    expect(all.find((t) => t.name === "nightly")!.lastUsedAt).toBeUndefined();
    expect(listed.stdout).not.toMatch(/sst_|"hash"/);
    const records = await Promise.all((await readdir(join(base.dir, "data", "portal", "tokens"))).map(async (f) => JSON.parse(await readFile(join(base.dir, "data", "portal", "tokens", f), "utf8")) as { hash: string }));
    for (const record of records) expect(listed.stdout).not.toContain(record.hash);

    const table = await tokens(["ls"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/name\s+role\s+status\s+expires\s+last used\s+created by/);
    expect(table.stdout).toMatch(/ci-deploy\s+operator\s+active\s+\S+ \S+ UTC\s+\S+ \S+ UTC\s+cli:/);
    expect(table.stdout).toMatch(/nightly\s+admin\s+active\s+.*never\s+ops-bot/);
    expect(table.stdout).not.toMatch(/sst_/);
  });

  it("revoke NAME: the token stops working at once (401), the record says who; again changes nothing", async () => {
    const created = await tokens(["create", "to-revoke", "--role", "operator", "--expires", "1d"]);
    const token = created.stdout.trim();
    expect((await api(token)).status).toBe(200);
    const revoked = await tokens(["revoke", "to-revoke", "--by", "adam", "--json"]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ revoked: [{ name: "to-revoke", status: "revoked", revokedBy: "adam" }], alreadyRevoked: [] });
    expect((await api(token)).status).toBe(401);
    const again = await tokens(["revoke", "to-revoke"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already revoked; nothing changed/);
    // The name is free again for a new token.
    expect((await tokens(["create", "to-revoke", "--role", "operator", "--expires", "1d"])).code).toBe(0);
  });

  it("an expired token is listed as expired, refused by the portal, and can still be revoked", async () => {
    const past = new ApiTokens(base.store, () => new Date(Date.now() - 2 * DAY));
    const { token } = await past.create({ name: "old-ci", role: "operator", expiresAt: new Date(Date.now() - DAY), by: "adam" });
    expect((await api(token)).status).toBe(401);
    const listed = JSON.parse((await tokens(["ls", "--json"])).stdout) as { tokens: { name: string; status: string }[] };
    expect(listed.tokens.find((t) => t.name === "old-ci")?.status).toBe("expired");
    const revoked = await tokens(["revoke", "old-ci", "--json"]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout).revoked[0]).toMatchObject({ name: "old-ci", status: "revoked" });
  });

  it("revoking a token nobody has is exit 3; with --json stdout is the API's error document", async () => {
    const missing = await tokens(["revoke", "no-such-token"]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe(`not found: no token is named "no-such-token"; see the tokens with: signed-share tokens ls\n`);
    const json = await tokens(["revoke", "no-such-token", "--json"]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({ error: { kind: "not-found", message: 'no token is named "no-such-token"' } });
  });

  it("refuses names with control or bidirectional characters, showing them escaped, and creates nothing", async () => {
    const before = await readdir(join(base.dir, "data", "portal", "tokens"));
    for (const name of ["ci\u001b[31mred", "ci\nnext", "ci\u202Egnp", "CI-Deploy", "", "x".repeat(65)]) {
      const refused = await tokens(["create", name, "--role", "operator", "--expires", "1d", "--json"]);
      expect(refused.code, JSON.stringify(name)).toBe(2);
      expect(JSON.parse(refused.stdout).error).toMatchObject({ kind: "bad-input", field: "name" });
      expect(refused.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(refused.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(refused.stderr).toMatch(/^error: invalid token name ".*": use 1 to 64 of a-z/);
    }
    expect((await tokens(["create", "ci\u001b[31mred", "--role", "operator", "--expires", "1d"])).stderr).toContain('"ci\\u001b[31mred"');
    expect((await tokens(["revoke", "ci\u202Egnp"])).stderr).toContain('"ci\\u202egnp"');
    expect(await readdir(join(base.dir, "data", "portal", "tokens"))).toEqual(before);
  });

  it("usage errors are exit 2 with the reason; a taken name is exit 1", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /give a command of tokens; see: signed-share tokens --help/],
      [["list"], /give a command of tokens/],
      [["create", "a", "--role", "root", "--expires", "1d"], /--role: must be operator or admin/],
      [["create", "a", "--expires", "1d"], /--role: must be operator or admin/],
      [["create", "a", "--role", "operator"], /--expires: is required: a duration like 90d/],
      [["create", "a", "--role", "operator", "--expires", "soon"], /--expires: "soon" is not a duration like 90d/],
      [["create", "a", "--role", "operator", "--expires", "400d"], /at most 366 days/],
      [["ls", "--role", "admin"], /Unknown option '--role'/],
      [["revoke"], /tokens revoke needs NAME/],
      [["revoke", "a", "b"], /tokens revoke takes NAME; got "a" "b"/],
    ];
    for (const [args, message] of cases) {
      const result = await tokens(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr, args.join(" ")).toMatch(message);
    }
    const taken = await tokens(["create", "ci-deploy", "--role", "operator", "--expires", "1d"]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/an active token is already named "ci-deploy": revoke it first/);
  });

  it("--help prints the usage and touches no storage", async () => {
    const help = await runInProcess(["tokens", "create", "--help"], { env: { SHARE_DATA_DIR: join(base.dir, "never") } });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: signed-share tokens create NAME/);
    const group = await runInProcess(["tokens", "--help"], { env: { SHARE_DATA_DIR: join(base.dir, "never") } });
    expect(group.stdout).toMatch(/tokens create\s+a new API token/);
    await expect(readdir(join(base.dir, "never"))).rejects.toThrow();
  });
});
