import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { totpCode } from "../../lib/users/totp.js";
import { sessionStillValid, UserStore } from "../../lib/users/user-store.js";

let dir: string;
let now: Date;
let users: UserStore;
let other: UserStore; // a second portal on the same store
const PASSWORD = "a-long-enough-password";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "two-factor-"));
  now = new Date("2026-03-02T09:00:00Z");
  const store = new LocalObjectStore(dir);
  users = new UserStore(store, () => now);
  other = new UserStore(store, () => now);
  await users.add("alice", "operator", PASSWORD);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

async function enrol(): Promise<{ secret: string; codes: string[] }> {
  const secret = await users.beginTwoFactor("alice");
  const codes = await users.confirmTwoFactor("alice", totpCode(secret, now));
  return { secret, codes };
}

describe("two-factor sign-in (TOTP, RFC 6238)", () => {
  it("is on only once a code of the app confirms the secret; a wrong code leaves it off", async () => {
    const secret = await users.beginTwoFactor("alice");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(users.confirmTwoFactor("alice", "000000")).rejects.toMatchObject({ code: "invalid-code" });
    expect((await users.get("alice"))!.twoFactor).toBe(false);
    const codes = await users.confirmTwoFactor("alice", totpCode(secret, now));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await users.get("alice"))!).toMatchObject({ twoFactor: true, recoveryCodesLeft: 10 });
  });

  it("a QR code left unconfirmed for 15 minutes expires", async () => {
    const secret = await users.beginTwoFactor("alice");
    later(16 * 60);
    await expect(users.confirmTwoFactor("alice", totpCode(secret, now))).rejects.toMatchObject({ code: "invalid-code" });
  });

  it("accepts the current code once, the neighbouring steps too, and never an older one", async () => {
    const { secret } = await enrol();
    later(60);
    const code = totpCode(secret, now);
    expect(await users.checkSecondFactor("alice", code)).toBe("totp");
    expect(await other.checkSecondFactor("alice", code)).toBeUndefined(); // replayed
    later(30);
    expect(await users.checkSecondFactor("alice", totpCode(secret, new Date(now.getTime() - 60_000)))).toBeUndefined(); // older than the last used
    expect(await users.checkSecondFactor("alice", totpCode(secret, new Date(now.getTime() + 30_000)))).toBe("totp"); // the next step (clock drift)
    later(120);
    expect(await users.checkSecondFactor("alice", totpCode(secret, new Date(now.getTime() - 120_000)))).toBeUndefined(); // outside the window
    expect(await users.checkSecondFactor("alice", "12345")).toBeUndefined();
    expect(await users.checkSecondFactor("bob", totpCode(secret, now))).toBeUndefined();
  });

  it("stores recovery codes hashed; each works once, typed in any case and with or without dashes", async () => {
    const { codes } = await enrol();
    const stored = await readFile(join(dir, "portal/users/alice.json"), "utf8");
    for (const code of codes) expect(stored).not.toContain(code.replace(/-/g, ""));
    expect(stored).not.toContain(codes[0]);
    expect(await users.checkSecondFactor("alice", ` ${codes[0]!.toUpperCase().replace(/-/g, "")} `)).toBe("recovery");
    expect(await users.checkSecondFactor("alice", codes[0]!)).toBeUndefined();
    expect(await other.checkSecondFactor("alice", codes[0]!)).toBeUndefined();
    expect((await users.get("alice"))!.recoveryCodesLeft).toBe(9);
    expect(await users.checkSecondFactor("alice", "abcd-efgh-jkmn-pqrs")).toBeUndefined();
  });

  it("new recovery codes replace the old ones; a reset turns two-factor sign-in off", async () => {
    const { codes } = await enrol();
    const fresh = await users.renewRecoveryCodes("alice");
    expect(await users.checkSecondFactor("alice", codes[1]!)).toBeUndefined();
    expect(await users.checkSecondFactor("alice", fresh[1]!)).toBe("recovery");
    await users.resetTwoFactor("alice");
    expect((await users.get("alice"))!).toMatchObject({ twoFactor: false, recoveryCodesLeft: 0 });
    expect(await users.checkSecondFactor("alice", fresh[2]!)).toBeUndefined();
  });
});

describe("admin changes to accounts", () => {
  it("a set-password link works once, until it expires, and never stores the token", async () => {
    const { token, user } = await users.addWithSetupLink("bob", "operator", "alice");
    expect(user).toMatchObject({ name: "bob", createdBy: "alice", setupPendingUntil: "2026-03-05T09:00:00.000Z" });
    expect(await readFile(join(dir, "portal/users/bob.json"), "utf8")).not.toContain(token);
    expect(await users.verify("bob", "")).toBeUndefined();
    await expect(users.completeSetup("bob", token + "x", PASSWORD)).rejects.toMatchObject({ code: "invalid-token" });
    await users.completeSetup("bob", token, PASSWORD);
    expect(await users.verify("bob", PASSWORD)).toBeDefined();
    await expect(users.completeSetup("bob", token, "another-long-password")).rejects.toMatchObject({ code: "invalid-token" });

    const reset = await users.resetPassword("bob", "link");
    expect(await users.verify("bob", PASSWORD)).toBeUndefined();
    later(73 * 3600);
    await expect(users.completeSetup("bob", reset.token!, PASSWORD)).rejects.toMatchObject({ code: "invalid-token" });
  });

  it("an initial password is shown once and must be changed", async () => {
    const { password, user } = await users.addWithInitialPassword("bob", "admin", "alice");
    expect(password).toHaveLength(20);
    expect(user.mustChangePassword).toBe(true);
    expect(await users.verify("bob", password)).toMatchObject({ mustChangePassword: true });
    await users.setPassword("bob", PASSWORD);
    expect((await users.get("bob"))!.mustChangePassword).toBe(false);
  });

  it("disabling, a new password and signing out everywhere end the sessions started before", async () => {
    const started = now.getTime();
    later(1);
    expect(sessionStillValid(await users.get("alice"), started)).toBe(true);
    await users.disable("alice", "root");
    expect(sessionStillValid(await users.get("alice"), started)).toBe(false);
    await users.enable("alice");
    expect(sessionStillValid(await users.get("alice"), started)).toBe(true);
    await users.signOutEverywhere("alice");
    expect(sessionStillValid(await users.get("alice"), started)).toBe(false);
    later(1);
    expect(sessionStillValid(await users.get("alice"), now.getTime())).toBe(true);
    await users.setRole("alice", "admin");
    expect((await users.get("alice"))!.role).toBe("admin");
  });
});
